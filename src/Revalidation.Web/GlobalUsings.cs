global using Revalidation.Api.Contracts;
global using Revalidation.Core.Common;
global using Revalidation.Core.Recommendations;
global using Revalidation.Web.Services;
