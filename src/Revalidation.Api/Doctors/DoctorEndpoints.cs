using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Revalidation.Api.Contracts;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;

namespace Revalidation.Api.Doctors;

/// <summary>Who am I; a doctor's record; declarations; RO flags and RSD; admin's appraiser allocation.</summary>
public static class DoctorEndpoints
{
    private static readonly string[] Readers = [Roles.Doctor, Roles.Appraiser, Roles.ResponsibleOfficer, Roles.RevalidationManager, Roles.MedicalDirector];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/me", GetMe).RequireAuthorization(Policies.AnyRole)
            .WithSummary("The signed-in user, their roles and designated body (and doctor record id for doctors). Any role.");

        var doctors = api.MapGroup("/doctors/{doctorId:guid}");
        doctors.MapGet("/", GetDoctor).RequireAuthorization(Policies.DoctorRecordReaders)
            .WithSummary("A doctor's status: RSD, cycle, notice, readiness gaps in plain words. Doctor (own), appraiser (allocated), RO, medical director.");
        doctors.MapGet("/appraisals", GetAppraisals).RequireAuthorization(Policies.DoctorRecordReaders)
            .WithSummary("Appraisal years with their AOA classification. Doctor (own), appraiser (allocated), RO, medical director.");
        doctors.MapPut("/declarations/{year:int}", PutDeclaration).RequireAuthorization(Policies.Doctor)
            .WithSummary("The doctor's annual probity and health statements (R16). Doctor (own).");
        doctors.MapPut("/flags", PutFlags).RequireAuthorization(Policies.ResponsibleOfficer)
            .WithSummary("Set or clear the GMC fitness-to-practise investigation (R10) and open local process flags. RO.");
        doctors.MapPut("/rsd", PutRsd).RequireAuthorization(Policies.ResponsibleOfficer)
            .WithSummary("Enter the GMC-confirmed revalidation submission date (R1). RO.");
        doctors.MapPut("/appraiser", PutAppraiser).RequireAuthorization(Policies.AppraisalAdministrators)
            .WithSummary("Allocate (or clear) the doctor's appraiser. Admin, revalidation manager.");
        doctors.MapGet("/audit", GetDoctorAudit).RequireAuthorization(Policies.AuditReaders)
            .WithSummary("The audit trail of one doctor's record. RO, admin.");

        api.MapGet("/appraiser/doctors", GetAllocatedDoctors).RequireAuthorization(Policies.Appraiser)
            .WithSummary("The doctors allocated to the signed-in appraiser. Appraiser.");
    }

    private static async Task<Ok<MeResponse>> GetMe(CurrentUser user, ApiServices api, Core.Gmc.IGmcConnect gmc, CancellationToken ct)
    {
        Guid? doctorId = null;
        if (user.IsIn(Roles.Doctor))
        {
            doctorId = (await api.DoctorStore.FindDoctorByDirectoryIdAsync(user.DesignatedBody, user.UserId, ct))?.Id;
        }

        var body = await api.Bodies.GetDesignatedBodyAsync(user.DesignatedBody, ct);
        return TypedResults.Ok(new MeResponse(user.UserId, user.Name, user.Roles.Order().ToList(), user.DesignatedBody.Value, body?.Name, doctorId,
            gmc.ModeOf(user.DesignatedBody) == Core.Gmc.GmcMode.WebService));
    }

    private static async Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> GetDoctor(Guid doctorId, CurrentUser user, ApiServices api, HttpResponse response, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, Readers, ct);
        if (problem is not null)
        {
            return problem;
        }

        ApiResults.SetETag(response, doctor!.ETag);
        return TypedResults.Ok(doctor.ToResponse(api.Today, api.Options).For(user));
    }

    private static async Task<Results<Ok<IReadOnlyList<AppraisalYearResponse>>, ProblemHttpResult>> GetAppraisals(Guid doctorId, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, Readers, ct);
        return problem is not null ? problem : TypedResults.Ok(Mapping.AppraisalYears(doctor!, api.Today, api.Options));
    }

    private static async Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> PutDeclaration(
        Guid doctorId, int year, DeclarationRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        if (!ValidYear(year, api))
        {
            return ApiResults.Invalid("year", "The appraisal year is the calendar year it starts in, e.g. 2025 for 2025/26.");
        }

        var appraisalYear = new AppraisalYear(year, api.Options.AppraisalYearStartMonth);
        return await Change(api, user, doctorId, [Roles.Doctor], Roles.Doctor, http, response, new DoctorChange(
            "declaration.made",
            d => d.Appraisals.Declare(appraisalYear, request.Probity, request.Health, request.NoSignificantEvents, request.NoComplimentsOrComplaints, api.Today,
                request.NothingToDeclare, request.ProbityDeclaration),
            _ => $"Annual declarations made for {appraisalYear.Label}",
            request), ct);
    }

    private static async Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> PutFlags(
        Guid doctorId, FlagsRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        if (request.UnderGmcInvestigation is null && request.OpenLocalProcess is null)
        {
            return ApiResults.Invalid("underGmcInvestigation", "Give underGmcInvestigation and/or openLocalProcess.");
        }

        return await Change(api, user, doctorId, [Roles.ResponsibleOfficer], Roles.ResponsibleOfficer, http, response, new DoctorChange(
            "doctor.flags-changed",
            d => Result.All(
                request.UnderGmcInvestigation is { } ftp && ftp != d.Concerns.UnderGmcInvestigation ? d.Concerns.SetGmcInvestigation(ftp) : Result.Success,
                request.OpenLocalProcess is { } lp && lp != d.Concerns.OpenLocalProcess ? d.Concerns.SetOpenLocalProcess(lp) : Result.Success),
            d => $"Flags set: GMC investigation {(d.Concerns.UnderGmcInvestigation ? "yes" : "no")}, local process {(d.Concerns.OpenLocalProcess ? "open" : "none")}",
            request), ct);
    }

    private static async Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> PutRsd(
        Guid doctorId, RsdRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        if (request.Rsd < api.Today.AddYears(-10) || request.Rsd > api.Today.AddYears(api.Options.CycleYears + 2))
        {
            return ApiResults.Invalid("rsd", "The submission date is out of range.");
        }

        return await Change(api, user, doctorId, [Roles.ResponsibleOfficer], Roles.ResponsibleOfficer, http, response, new DoctorChange(
            "cycle.rsd-confirmed",
            d => d.Cycles.ConfirmRsd(request.Rsd, api.Today),
            d => $"GMC-confirmed submission date entered: {request.Rsd:yyyy-MM-dd}",
            request), ct);
    }

    private static async Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> PutAppraiser(
        Guid doctorId, AssignAppraiserRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var (_, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, [Roles.Admin, Roles.RevalidationManager], ct);
        if (problem is not null)
        {
            return problem;
        }

        if (request.AppraiserId is null)
        {
            return await Change(api, user, doctorId, [Roles.Admin, Roles.RevalidationManager], user.ActingRole(Roles.Admin, Roles.RevalidationManager), http, response, new DoctorChange(
                "doctor.appraiser-allocated",
                d => d.Appraisals.AssignAppraiser(null),
                _ => "Appraiser allocation cleared",
                request), ct);
        }

        // Issue 16, item 5: the allocation rules (never self, never a declared conflict; over the cap or the consecutive
        // years only with a reason) in AppraisalHistory.Allocate.
        var loads = await Appraisals.AllocationEndpoints.LoadsAsync(api, user, ct);
        var appraiser = loads.Appraisers.FirstOrDefault(a => a.UserId == request.AppraiserId);
        if (appraiser is null)
        {
            return ApiResults.Invalid("appraiserId", "No such appraiser in this designated body.");
        }

        if (request.Reason is { Length: > AppraisalHistory.MaxReasonLength })
        {
            return ApiResults.Invalid("reason", $"The reason is at most {AppraisalHistory.MaxReasonLength:N0} characters.");
        }

        return await Change(api, user, doctorId, [Roles.Admin, Roles.RevalidationManager], user.ActingRole(Roles.Admin, Roles.RevalidationManager), http, response, new DoctorChange(
            "doctor.appraiser-allocated",
            d => d.Appraisals.Allocate(appraiser, loads.For(d, appraiser.UserId, api), request.Reason),
            d => d.Appraisals.AllocationReason is null ? "Appraiser allocated" : "Appraiser allocated, with a reason for breaking an allocation rule",
            request), ct);
    }

    private static async Task<Results<Ok<IReadOnlyList<AuditEventResponse>>, ProblemHttpResult>> GetDoctorAudit(Guid doctorId, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, [Roles.ResponsibleOfficer, Roles.Admin], ct);
        if (problem is not null)
        {
            return problem;
        }

        var events = await api.Audit.QueryAuditAsync(user.DesignatedBody, new AuditQuery(DoctorId: doctorId, Limit: 500), ct);
        var named = await Revalidation.Api.Audit.AuditPeople.NamedAsync(api, user.DesignatedBody, events, ct, (doctor!.Id, doctor.DisplayName));
        return TypedResults.Ok<IReadOnlyList<AuditEventResponse>>(named.Select(e => e.For(user)).ToList());
    }

    private static async Task<Ok<IReadOnlyList<Core.Caseload.CaseloadRow>>> GetAllocatedDoctors(CurrentUser user, ApiServices api, CancellationToken ct)
    {
        if (!await DoctorAccess.IsAppraiserOfBodyAsync(api, user, ct))
        {
            return TypedResults.Ok<IReadOnlyList<Core.Caseload.CaseloadRow>>([]);
        }

        var doctors = await api.DoctorStore.ListDoctorSummariesAsync(user.DesignatedBody, ct);
        var today = api.Today;
        return TypedResults.Ok<IReadOnlyList<Core.Caseload.CaseloadRow>>(doctors
            .Where(d => d.AppraiserId == user.UserId && d.Status == DoctorStatus.Active)
            .Select(d => Core.Caseload.CaseloadRow.From(d, today, api.Options))
            .OrderBy(r => r.FamilyName).ThenBy(r => r.GivenName)
            .ToList());
    }

    internal static bool ValidYear(int year, ApiServices api) => year >= 2000 && year <= api.Today.Year + 1;

    /// <summary>The shared write path: access check, If-Match, rule-checked change, audit, ETag out.</summary>
    internal static async Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> Change(
        ApiServices api, CurrentUser user, Guid doctorId, string[] roles, string actingRole, HttpRequest http, HttpResponse response, DoctorChange change, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, roles, ct);
        if (problem is not null)
        {
            return problem;
        }

        var result = await api.Doctors.ChangeAsync(user.DesignatedBody, doctorId, user.AsActor(actingRole), change, ApiResults.IfMatch(http), doctor, cancellationToken: ct);
        if (!result.IsOk)
        {
            return ApiResults.From(result);
        }

        ApiResults.SetETag(response, result.Value!.ETag);
        return TypedResults.Ok(result.Value.ToResponse(api.Today, api.Options).For(user));
    }
}
