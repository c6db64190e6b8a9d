using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Revalidation.Api.Compliance;
using Revalidation.Api.Contracts;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;
using Revalidation.Core.Recommendations;
using C = Revalidation.Contracts;

namespace Revalidation.Api.Recommendations;

/// <summary>
/// Issue 16, items 3 and 4: the ready list and the review list, recommendations in a batch (each into the cooling-off hold,
/// docs/decisions/0018), and the "to enter in GMC Connect" worksheet of the manual route.
/// </summary>
public static class BatchEndpoints
{
    public const int MaxBatch = 200;

    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/recommendations");
        group.MapGet("/ready", Ready).RequireAuthorization(Policies.RoTeam)
            .WithSummary("The ready list (under notice, RSD confirmed, ready (R19), nothing blocking) and the review list (everyone else under notice, each with why), the held recommendations and how many wait to be entered in GMC Connect; whether the user may submit and send. RO, revalidation manager.");
        group.MapPut("/ready/{doctorId:guid}", Place).RequireAuthorization(Policies.RoTeam)
            .WithSummary("Move a doctor to the ready list or the review list, with a note (audited). A doctor whose RSD is an estimate or whose revalidation is on hold cannot be moved to the ready list. RO, revalidation manager.");
        group.MapPost("/batch", Batch).RequireAuthorization(Policies.ResponsibleOfficer)
            .WithSummary("Submit recommendations to revalidate for many doctors at once; each is held for the cooling-off period. Every doctor is checked first; if any is refused, nothing is submitted. RO.");
        group.MapGet("/worksheet", Worksheet).RequireAuthorization(Policies.ResponsibleOfficer)
            .WithSummary("Manual route: the released recommendations to enter in GMC Connect. RO.");
        group.MapGet("/worksheet.csv", WorksheetCsv).RequireAuthorization(Policies.ResponsibleOfficer)
            .WithSummary("The worksheet as CSV (formula-guarded). RO.");
    }

    private static async Task<Ok<ReadyListResponse>> Ready(CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var ro = user.IsIn(Roles.ResponsibleOfficer);
        var summaries = await api.DoctorStore.ListDoctorSummariesAsync(user.DesignatedBody, ct);
        var view = ReadyList.Build(summaries, api.Today, api.Options);
        return TypedResults.Ok(new ReadyListResponse(
            view.Ready.Select(e => e.ToContract(api.Options)).ToList(),
            view.NeedsReview.Select(e => e.ToContract(api.Options)).ToList(),
            view.Held.Select(d => new HeldRecommendation(d.Id, d.OpenRecommendation!.Id, d.DisplayName, d.GmcNumber.Value, d.OpenRecommendation.Type.ToContract(),
                d.OpenRecommendation.HoldEndsAt!.Value, RecommendationHistory.UkTime(d.OpenRecommendation.HoldEndsAt.Value))).ToList(),
            view.ToEnterInGmcConnect.Count,
            PositiveStatements.Statements.Select(st => new StatementResponse(char.ToLowerInvariant(st.Field[0]) + st.Field[1..], st.Wording, false)).ToList(),
            CanSubmit: ro,
            CanSendNow: ro || (await api.Bodies.GetDesignatedBodyAsync(user.DesignatedBody, ct))?.ManagerMaySend == true));
    }

    private static ReadyListDoctor ToContract(this ReadyListEntry e, RevalidationOptions options) =>
        new(e.Doctor.Id, e.Doctor.DisplayName, e.Doctor.GmcNumber.Value, e.Doctor.Cycle!.Rsd, e.Reasons,
            e.Readiness.ToResponse(options).Gaps, e.Placement is not null, e.Placement?.Note, e.Placement?.By,
            e.Doctor.OpenRecommendation is { Status: RecommendationStatus.Draft, ReadyForRoBy: { } by } ? by : null);

    private static async Task<Results<NoContent, ProblemHttpResult>> Place(Guid doctorId, ReadyListPlacementRequest request, CurrentUser user, ApiServices api, HttpRequest http, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, [.. Roles.RoTeam], ct);
        if (problem is not null)
        {
            return problem;
        }

        var result = await api.Doctors.ChangeAsync(user.DesignatedBody, doctorId, user.AsActor(user.ActingRole([.. Roles.RoTeam])), new DoctorChange(
            "recommendation.ready-list-placed",
            d => d.Recommendations.Place(request.Ready, request.Note, user.Name, api.Time.GetUtcNow()),
            _ => request.Ready ? "Moved to the ready list" : "Moved to the review list",
            new { ready = request.Ready, note = request.Note }), ApiResults.IfMatch(http), doctor, cancellationToken: ct);
        return result.IsOk ? TypedResults.NoContent() : ApiResults.From(result);
    }

    private static async Task<Results<Ok<BatchRecommendationResponse>, ProblemHttpResult>> Batch(
        BatchRecommendationRequest request, CurrentUser user, ApiServices api, RecommendationService recommendations, CancellationToken ct)
    {
        var violations = new List<RuleViolation>();
        if (request.Items is not { Count: > 0 })
        {
            return ApiResults.Invalid("items", "Choose at least one doctor.");
        }

        if (request.Items.Count > MaxBatch)
        {
            return ApiResults.Invalid("items", $"A batch is at most {MaxBatch} doctors.");
        }

        if (request.Statements is null || !request.Statements.ToCore().AllConfirmed)
        {
            violations.Add(new(RuleIds.Readiness, "statements", "Confirm each of the GMC's statements for a recommendation to revalidate."));
        }

        var doctors = new List<(DoctorRecord Doctor, BatchRecommendationItem Item)>();
        for (var i = 0; i < request.Items.Count; i++)
        {
            var item = request.Items[i];
            var field = $"items[{i}]";
            if (request.Items.Take(i).Any(x => x.DoctorId == item.DoctorId))
            {
                violations.Add(new(RuleIds.Validation, $"{field}.doctorId", "This doctor is in the batch twice."));
                continue;
            }

            if (item.Type != C.RecommendationType.Revalidate)
            {
                violations.Add(new(RuleIds.Validation, $"{field}.type", "Only a recommendation to revalidate can be made in a batch. Make a deferral or a non-engagement recommendation on the doctor's page."));
                continue;
            }

            var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, item.DoctorId, [Roles.ResponsibleOfficer], ct);
            if (problem is not null)
            {
                violations.Add(new(RuleIds.Validation, $"{field}.doctorId", "No such doctor in your designated body."));
                continue;
            }

            if (doctor!.Recommendations.Open is { Status: not RecommendationStatus.Draft })
            {
                violations.Add(new(RuleIds.OneOpenRecommendation, $"{field}.doctorId", $"{DoctorSummary.From(doctor).DisplayName} already has a recommendation that is held or with the GMC."));
                continue;
            }

            var readiness = ReadinessEvaluator.Evaluate(DoctorSummary.From(doctor), api.Today, api.Options);
            var acknowledged = item.GapAcknowledgements ?? [];
            var unexplained = readiness.Gaps.Where(g => !acknowledged.Any(a => a.Code == g.Code && a.Year == g.Year && !string.IsNullOrWhiteSpace(a.Reason))).ToList();
            if (unexplained.Count > 0)
            {
                violations.Add(new(RuleIds.Readiness, $"{field}.gapAcknowledgements",
                    $"{DoctorSummary.From(doctor).DisplayName}: give a reason for each gap ({string.Join(" ", unexplained.Select(g => g.Message))}) or remove the doctor from the batch."));
                continue;
            }

            doctors.Add((doctor, item));
        }

        if (violations.Count > 0)
        {
            return ApiResults.Invalid(violations);
        }

        var statements = request.Statements!.ToCore();
        var results = new List<BatchRecommendationResult>();
        foreach (var (doctor, item) in doctors)
        {
            var id = Guid.NewGuid();
            var acknowledgements = item.GapAcknowledgements?.Select(a => a.ToCore()).ToList();
            var result = await recommendations.SubmitInBatchAsync(doctor, user.AsActor(Roles.ResponsibleOfficer), statements, id, acknowledgements, ct);
            var recommendation = result.IsOk ? result.Value!.Recommendations.Open : null;
            results.Add(new BatchRecommendationResult(doctor.Id, recommendation?.Id, recommendation?.Status == RecommendationStatus.Held,
                result.IsOk ? null : string.Join(" ", result.Violations.Select(v => v.Message).DefaultIfEmpty(result.Detail ?? "Not submitted.")),
                recommendation?.HoldEndsAt, recommendation?.HoldEndsAt is { } ends ? RecommendationHistory.UkTime(ends) : null));
        }

        return TypedResults.Ok(new BatchRecommendationResponse(results));
    }

    private static async Task<List<WorksheetRow>> Rows(CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var summaries = await api.DoctorStore.ListDoctorSummariesAsync(user.DesignatedBody, ct);
        var rows = new List<WorksheetRow>();
        foreach (var summary in summaries.Where(s => s.OpenRecommendation is { Status: RecommendationStatus.ToEnterInGmcConnect })
            .OrderBy(s => s.FamilyName, StringComparer.OrdinalIgnoreCase))
        {
            var doctor = await api.DoctorStore.GetDoctorAsync(user.DesignatedBody, summary.Id, ct);
            if (doctor?.Recommendations.Open is not { Status: RecommendationStatus.ToEnterInGmcConnect } open)
            {
                continue;
            }

            rows.Add(new WorksheetRow(doctor.Id, open.Id, summary.DisplayName, summary.GmcNumber.Value, summary.Cycle?.Rsd ?? default, open.Type.ToContract(), TypeText(open.Type),
                open.ReleasedAt, open.ReleasedAt is { } at ? RecommendationHistory.UkTime(at) : null));
        }

        return rows;
    }

    private static async Task<Ok<IReadOnlyList<WorksheetRow>>> Worksheet(CurrentUser user, ApiServices api, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<WorksheetRow>>(await Rows(user, api, ct));

    private static async Task<FileContentHttpResult> WorksheetCsv(CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var rows = await Rows(user, api, ct);
        var text = new StringBuilder();
        text.Append(string.Join(",", WorksheetHeader.Select(ComplianceEndpoints.Cell))).Append("\r\n");
        foreach (var r in rows)
        {
            text.Append(string.Join(",", new[] { r.Name, r.GmcNumber, r.Rsd.ToString("d MMMM yyyy", CultureInfo.InvariantCulture), r.TypeText, r.ReleasedAtText ?? string.Empty }
                .Select(ComplianceEndpoints.Cell))).Append("\r\n");
        }

        return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray(), "text/csv; charset=utf-8",
            $"gmc-connect-worksheet-{user.DesignatedBody.Value}-{api.Today:yyyy-MM-dd}.csv");
    }

    private static readonly string[] WorksheetHeader = ["Doctor", "GMC number", "Submission date", "Recommendation", "Ready to enter since"];

    public static string TypeText(RecommendationType type) => type switch
    {
        RecommendationType.Revalidate => "Revalidate",
        RecommendationType.Defer => "Defer",
        _ => "Non-engagement",
    };
}
