using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Revalidation.Api.Contracts;
using Revalidation.Api.Doctors;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;

namespace Revalidation.Api.Appraisals;

/// <summary>
/// Issue 16, item 5 (docs/domain.md, decision (j)): appraiser allocation — the doctors without an appraiser, suggested
/// allocations, applying the chosen ones, and conflicts of interest between an appraiser and a doctor. Every allocation
/// goes through <see cref="AppraisalHistory.Allocate"/> (the rules) and the one write path (audited).
/// </summary>
public static class AllocationEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxItems = 500;

    private static readonly string[] Team = [Roles.Admin, Roles.ResponsibleOfficer, Roles.RevalidationManager];
    private static readonly string[] Declarers = [Roles.Admin, Roles.ResponsibleOfficer, Roles.RevalidationManager, Roles.Appraiser];

    public static void Map(RouteGroupBuilder api)
    {
        var doctor = api.MapGroup("/doctors/{doctorId:guid}");
        doctor.MapGet("/allocation", GetAllocation).RequireAuthorization(Policies.AllocationTeam)
            .WithSummary("The doctor's appraiser, declared conflicts of interest, and each appraiser as a choice under the allocation rules. Admin, RO, revalidation manager.");
        doctor.MapPut("/appraiser-conflicts/{appraiserId}", PutConflict).RequireAuthorization(Policies.ConflictDeclarers)
            .WithSummary("Declare a conflict of interest between an appraiser and the doctor (ends that appraiser's allocation). Admin, RO, revalidation manager; an allocated appraiser about themself.");
        doctor.MapDelete("/appraiser-conflicts/{appraiserId}", DeleteConflict).RequireAuthorization(Policies.AllocationTeam)
            .WithSummary("Withdraw a declared conflict of interest. Admin, RO, revalidation manager.");

        var allocations = api.MapGroup("/appraisal-allocations");
        allocations.MapGet("/", GetOverview).RequireAuthorization(Policies.AllocationTeam)
            .WithSummary("The active doctors without an appraiser, and each appraiser's appraisees this year. Admin, RO, revalidation manager.");
        allocations.MapPost("/suggest", Suggest).RequireAuthorization(Policies.AllocationTeam)
            .WithSummary("Suggest an appraiser, breaking no allocation rule, for each doctor without one. Writes nothing. Admin, RO, revalidation manager.");
        allocations.MapPost("/apply", Apply).RequireAuthorization(Policies.AllocationTeam)
            .WithSummary("Apply chosen allocations one by one through the allocation rules; answers per doctor. Admin, RO, revalidation manager.");
    }

    /// <summary>The body's appraisers and how many active doctors each has now (one read of the summaries).</summary>
    internal sealed record Loads(IReadOnlyList<StaffMember> Appraisers, Dictionary<string, int> Appraisees, IReadOnlyList<DoctorSummary> Summaries)
    {
        public bool IsAppraiser(string? id) => id is not null && Appraisers.Any(a => a.UserId == id);

        /// <summary>The rules' context for <paramref name="doctor"/> and <paramref name="appraiserId"/>: this doctor is not counted.</summary>
        public AllocationContext For(DoctorRecord doctor, string appraiserId, ApiServices api) =>
            AllocationContext.For(AppraisalYear.Containing(api.Today, api.Options.AppraisalYearStartMonth),
                Appraisees.GetValueOrDefault(appraiserId) - (doctor.Appraisals.AppraiserId == appraiserId ? 1 : 0), api.Options);
    }

    internal static async Task<Loads> LoadsAsync(ApiServices api, CurrentUser user, CancellationToken ct)
    {
        var body = await api.Bodies.GetDesignatedBodyAsync(user.DesignatedBody, ct);
        var appraisers = body?.Appraisers ?? [];
        var summaries = await api.DoctorStore.ListDoctorSummariesAsync(user.DesignatedBody, ct);
        var counts = appraisers.ToDictionary(a => a.UserId, a => summaries.Count(d => d.Status == DoctorStatus.Active && d.AppraiserId == a.UserId));
        return new(appraisers, counts, summaries);
    }

    /// <summary>Active doctors with no appraiser, or one who is no longer among the body's appraisers (the allocation no longer counts).</summary>
    private static List<DoctorSummary> Unallocated(Loads loads) =>
        [.. loads.Summaries.Where(d => d.Status == DoctorStatus.Active && !loads.IsAppraiser(d.AppraiserId))
            .OrderBy(d => d.FamilyName, StringComparer.Ordinal).ThenBy(d => d.GivenName, StringComparer.Ordinal).ThenBy(d => d.Id)];

    private static async Task<Results<Ok<DoctorAllocationResponse>, ProblemHttpResult>> GetAllocation(Guid doctorId, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, Team, ct);
        if (problem is not null)
        {
            return problem;
        }

        var loads = await LoadsAsync(api, user, ct);
        var history = doctor!.Appraisals;
        string NameOf(string id) => loads.Appraisers.FirstOrDefault(a => a.UserId == id)?.Name ?? "A former appraiser";
        var choices = loads.Appraisers.OrderBy(a => a.Name, StringComparer.Ordinal).Select(a =>
        {
            // The appraiser allocated now: allocating them again changes nothing, so no rule applies.
            var check = a.UserId == history.AppraiserId ? new AllocationCheck(null, [], 0) : AllocationRules.Check(doctor, a, loads.For(doctor, a.UserId, api));
            return new AppraiserChoiceResponse(a.UserId, a.Name, loads.Appraisees.GetValueOrDefault(a.UserId), check.Refusal, check.NeedsReason);
        }).ToList();
        return TypedResults.Ok(new DoctorAllocationResponse(
            history.AppraiserId, history.AppraiserId is { } current ? NameOf(current) : null, history.AllocationReason,
            [.. history.Conflicts.Select(c => new AppraiserConflictResponse(c.AppraiserId, NameOf(c.AppraiserId), c.Reason, c.DeclaredOn))],
            choices));
    }

    private static async Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> PutConflict(
        Guid doctorId, string appraiserId, DeclareConflictRequest request, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct)
    {
        var (_, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, Declarers, ct);
        if (problem is not null)
        {
            return problem;
        }

        // An appraiser declares only their own conflict (declining the allocation), never another appraiser's.
        if (!Team.Any(user.IsIn) && appraiserId != user.UserId)
        {
            return ApiResults.Forbidden("An appraiser declares only their own conflict of interest.",
                [new RuleViolation(RuleIds.ResponsibleOfficer, "appraiserId", "An appraiser declares only their own conflict of interest.")]);
        }

        var loads = await LoadsAsync(api, user, ct);
        if (!loads.IsAppraiser(appraiserId))
        {
            return ApiResults.Invalid("appraiserId", "No such appraiser in this designated body.");
        }

        var role = user.ActingRole(Roles.Admin, Roles.ResponsibleOfficer, Roles.RevalidationManager, Roles.Appraiser);
        return await DoctorEndpoints.Change(api, user, doctorId, Declarers, role, http, response, DoctorChange.Noting(d =>
        {
            var declared = d.Appraisals.DeclareConflict(appraiserId, request.Reason ?? "", user.UserId, api.Today);
            if (!declared.IsSuccess)
            {
                return Result<IReadOnlyList<AuditNote>>.Fail(declared.Outcome);
            }

            var summary = declared.Value ? "Conflict of interest with the allocated appraiser declared; the allocation ended" : "Conflict of interest with an appraiser declared";
            return Result<IReadOnlyList<AuditNote>>.Ok([new AuditNote("doctor.appraiser-conflict-declared", summary, new { appraiserId, request.Reason })]);
        }), ct);
    }

    private static async Task<Results<Ok<DoctorResponse>, ProblemHttpResult>> DeleteConflict(
        Guid doctorId, string appraiserId, CurrentUser user, ApiServices api, HttpRequest http, HttpResponse response, CancellationToken ct) =>
        await DoctorEndpoints.Change(api, user, doctorId, Team, user.ActingRole(Team), http, response, new DoctorChange(
            "doctor.appraiser-conflict-withdrawn",
            d => d.Appraisals.WithdrawConflict(appraiserId),
            _ => "Conflict of interest with an appraiser withdrawn",
            new { appraiserId }), ct);

    private static async Task<Ok<AllocationOverviewResponse>> GetOverview(CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var loads = await LoadsAsync(api, user, ct);
        var unallocated = Unallocated(loads);
        return TypedResults.Ok(new AllocationOverviewResponse(
            [.. unallocated.Take(MaxItems).Select(d => new UnallocatedDoctorResponse(d.Id, d.DisplayName, d.GmcNumber.Value, d.Department))],
            unallocated.Count,
            [.. loads.Appraisers.OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => new AppraiserLoadResponse(a.UserId, a.Name, loads.Appraisees[a.UserId], api.Options.MaxAppraiseesPerAppraiser))]));
    }

    private static async Task<Results<Ok<SuggestAllocationsResponse>, ProblemHttpResult>> Suggest(SuggestAllocationsRequest? request, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var limit = request?.Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxItems)
        {
            return ApiResults.Invalid("limit", $"The limit is 1–{MaxItems} doctors.");
        }

        var loads = await LoadsAsync(api, user, ct);
        var unallocated = Unallocated(loads);
        var records = new List<DoctorRecord>();
        foreach (var summary in unallocated.Take(limit))
        {
            if (await api.DoctorStore.GetDoctorAsync(user.DesignatedBody, summary.Id, ct) is { } record)
            {
                records.Add(record);
            }
        }

        var year = AppraisalYear.Containing(api.Today, api.Options.AppraisalYearStartMonth);
        var suggested = AllocationSuggester.Suggest(records, loads.Appraisers, loads.Appraisees, year, api.Options);
        AllocationSuggestionResponse ToResponse(AllocationSuggestion s) =>
            new(s.Doctor.Id, s.Doctor.DisplayName, s.Appraiser?.UserId, s.Appraiser?.Name, s.Why);
        return TypedResults.Ok(new SuggestAllocationsResponse(
            [.. suggested.Where(s => s.Appraiser is not null).Select(ToResponse)],
            [.. suggested.Where(s => s.Appraiser is null).Select(ToResponse)],
            unallocated.Count));
    }

    private static async Task<Results<Ok<ApplyAllocationsResponse>, ProblemHttpResult>> Apply(ApplyAllocationsRequest request, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var items = request.Items ?? [];
        if (items.Count is 0 or > MaxItems)
        {
            return ApiResults.Invalid("items", $"Choose 1–{MaxItems} allocations.");
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null || items[i].DoctorId == Guid.Empty)
            {
                return ApiResults.Invalid($"items[{i}].doctorId", "Each allocation names the doctor.");
            }

            if (string.IsNullOrWhiteSpace(items[i].AppraiserId))
            {
                return ApiResults.Invalid($"items[{i}].appraiserId", "Each allocation names the appraiser.");
            }

            if (items[i].Reason is { Length: > AppraisalHistory.MaxReasonLength })
            {
                return ApiResults.Invalid($"items[{i}].reason", $"The reason is at most {AppraisalHistory.MaxReasonLength:N0} characters.");
            }

            if (items.Take(i).Any(x => x.DoctorId == items[i].DoctorId))
            {
                return ApiResults.Invalid($"items[{i}].doctorId", "Each doctor is allocated once in one request.");
            }
        }

        var loads = await LoadsAsync(api, user, ct);
        var role = user.ActingRole(Team);
        var outcomes = new List<AllocationOutcomeResponse>();
        foreach (var item in items)
        {
            var appraiser = loads.Appraisers.FirstOrDefault(a => a.UserId == item.AppraiserId);
            var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, item.DoctorId, Team, ct);
            if (problem is not null || doctor is null)
            {
                outcomes.Add(new(item.DoctorId, null, appraiser?.Name, false, "No such doctor in your designated body."));
                continue;
            }

            if (appraiser is null)
            {
                outcomes.Add(new(item.DoctorId, doctor.DisplayName, null, false, "No such appraiser in this designated body."));
                continue;
            }

            if (loads.IsAppraiser(doctor.Appraisals.AppraiserId))
            {
                outcomes.Add(new(item.DoctorId, doctor.DisplayName, appraiser.Name, false, "This doctor has an appraiser already (allocated since the list was made). Nothing changed."));
                continue;
            }

            var context = loads.For(doctor, appraiser.UserId, api);
            var result = await api.Doctors.ChangeAsync(user.DesignatedBody, doctor.Id, user.AsActor(role), new DoctorChange(
                "doctor.appraiser-allocated",
                d => d.Appraisals.Allocate(appraiser, context, item.Reason),
                d => d.Appraisals.AllocationReason is null ? "Appraiser allocated" : "Appraiser allocated, with a reason for breaking an allocation rule",
                new { appraiserId = appraiser.UserId, item.Reason }), loaded: doctor, cancellationToken: ct);
            if (result.IsOk)
            {
                loads.Appraisees[appraiser.UserId] = loads.Appraisees.GetValueOrDefault(appraiser.UserId) + 1;
                outcomes.Add(new(item.DoctorId, doctor.DisplayName, appraiser.Name, true, $"{appraiser.Name} allocated."));
            }
            else
            {
                var why = result.Violations.Count > 0 ? string.Join(" ", result.Violations.Select(v => v.Message)) : result.Detail ?? "Not allocated.";
                outcomes.Add(new(item.DoctorId, doctor.DisplayName, appraiser.Name, false, why));
            }
        }

        return TypedResults.Ok(new ApplyAllocationsResponse(outcomes, outcomes.Count(o => o.Applied), outcomes.Count(o => !o.Applied)));
    }
}
