using Revalidation.Contracts;

namespace Revalidation.Api.Contracts;

/// <summary>A doctor as an admin picks one (appraiser allocation): who, where, and the appraiser now allocated.</summary>
public sealed record AdminDoctorResponse(Guid Id, string GivenName, string FamilyName, string GmcNumber, string? Department, DoctorStatus Status, string? AppraiserId);
