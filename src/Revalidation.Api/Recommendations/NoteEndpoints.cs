using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Revalidation.Api.Contracts;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Recommendations;

namespace Revalidation.Api.Recommendations;

/// <summary>
/// Issue 16, item 2: the RO team's decision notes on a doctor and on one of their recommendations. Append-only (a
/// correction is a new note); at most 2,000 characters; for the RO and the revalidation manager only (need to know,
/// docs/architecture.md#security): everyone else gets 403, and another body's doctor is 404. The audit records that a
/// note was added, never its text.
/// </summary>
public static class NoteEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var doctor = api.MapGroup("/doctors/{doctorId:guid}");
        doctor.MapGet("/notes", List).RequireAuthorization(Policies.RoTeam)
            .WithSummary("Every decision note on the doctor and on their recommendations, newest first. RO, revalidation manager.");
        doctor.MapPost("/notes", (Guid doctorId, NoteRequest? request, CurrentUser user, ApiServices api, CancellationToken ct) => Add(doctorId, null, request, user, api, ct))
            .RequireAuthorization(Policies.RoTeam)
            .WithSummary("Add a decision note on the doctor: {\"text\":\"…\"} (1–2,000 characters). Append-only. RO, revalidation manager.");
        doctor.MapGet("/recommendations/{recommendationId:guid}/notes", ListForRecommendation).RequireAuthorization(Policies.RoTeam)
            .WithSummary("The decision notes on one recommendation, newest first. RO, revalidation manager.");
        doctor.MapPost("/recommendations/{recommendationId:guid}/notes",
                (Guid doctorId, Guid recommendationId, NoteRequest? request, CurrentUser user, ApiServices api, CancellationToken ct) => Add(doctorId, recommendationId, request, user, api, ct))
            .RequireAuthorization(Policies.RoTeam)
            .WithSummary("Add a decision note on one recommendation: {\"text\":\"…\"} (1–2,000 characters). Append-only. RO, revalidation manager.");
    }

    private static async Task<Results<Ok<IReadOnlyList<NoteResponse>>, ProblemHttpResult>> List(Guid doctorId, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, [.. Roles.RoTeam], ct);
        return problem is not null ? problem : TypedResults.Ok<IReadOnlyList<NoteResponse>>(Newest(doctor!.Notes.Items));
    }

    private static async Task<Results<Ok<IReadOnlyList<NoteResponse>>, ProblemHttpResult>> ListForRecommendation(
        Guid doctorId, Guid recommendationId, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, [.. Roles.RoTeam], ct);
        if (problem is not null)
        {
            return problem;
        }

        return doctor!.Recommendations.ById(recommendationId) is null
            ? ApiResults.NotFound("No such recommendation for this doctor.")
            : TypedResults.Ok<IReadOnlyList<NoteResponse>>(Newest(doctor.Notes.Items.Where(n => n.RecommendationId == recommendationId)));
    }

    private static async Task<Results<Created<NoteResponse>, ProblemHttpResult>> Add(
        Guid doctorId, Guid? recommendationId, NoteRequest? request, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, [.. Roles.RoTeam], ct);
        if (problem is not null)
        {
            return problem;
        }

        if (recommendationId is { } rid && doctor!.Recommendations.ById(rid) is null)
        {
            return ApiResults.NotFound("No such recommendation for this doctor.");
        }

        // Checked before the write too, so a bad note names its field and changes nothing.
        var text = request?.Text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return ApiResults.Invalid("text", "Enter the note.");
        }

        if (text.Length > DecisionNotes.MaxTextLength)
        {
            return ApiResults.Invalid("text", "A note must be 2,000 characters or fewer.");
        }

        var id = Guid.NewGuid();
        var actor = user.AsActor(user.ActingRole([.. Roles.RoTeam]));
        // The audit keeps that a note was added and where, never its text (need to know; no personal data in logs).
        var result = await api.Doctors.ChangeAsync(user.DesignatedBody, doctorId, actor, new DoctorChange(
            recommendationId is null ? "note.added" : "note.added-to-recommendation",
            d => d.Notes.Add(id, recommendationId, text, actor.UserId, user.Name, actor.Role, api.Time.GetUtcNow()).Outcome,
            _ => recommendationId is null ? "Decision note added" : "Decision note added to a recommendation",
            new { noteId = id, recommendationId }), loaded: doctor, retries: 2, cancellationToken: ct);
        if (!result.IsOk)
        {
            return ApiResults.From(result);
        }

        var note = result.Value!.Notes.Items.First(n => n.Id == id).ToResponse();
        return TypedResults.Created(recommendationId is { } r
            ? $"/api/doctors/{doctorId}/recommendations/{r}/notes/{id}"
            : $"/api/doctors/{doctorId}/notes/{id}", note);
    }

    /// <summary>Newest first: notes are appended in the order they were written, so the last written comes first (even within one clock tick).</summary>
    private static List<NoteResponse> Newest(IEnumerable<DecisionNote> notes) =>
        notes.Reverse().Select(n => n.ToResponse()).ToList();
}
