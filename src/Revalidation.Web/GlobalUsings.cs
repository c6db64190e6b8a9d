global using Revalidation.Api.Contracts;
global using Revalidation.Contracts;
global using Revalidation.Web.Services;
