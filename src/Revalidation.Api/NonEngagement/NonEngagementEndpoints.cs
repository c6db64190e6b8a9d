using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Revalidation.Api.Contracts;
using Revalidation.Api.Http;
using Revalidation.Api.Security;
using Revalidation.Core.Alerts;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.NonEngagement;

namespace Revalidation.Api.NonEngagement;

/// <summary>
/// Issue 16, item 7 (docs/domain.md, decision (i)): the staged non-engagement pathway of a doctor, and the body's letter
/// templates. The RO team (RO, revalidation manager) acts on episodes; the doctor reads their own letters' dates (not the
/// team's notes or who wrote what: need to know); everyone else 403, another body's doctor 404. Letters go to the doctor's
/// email through the alerts outbox, once per episode and letter (the outbox key), however often a send is retried.
/// </summary>
public static class NonEngagementEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var doctor = api.MapGroup("/doctors/{doctorId:guid}/non-engagement");
        doctor.MapGet("/", Get).RequireAuthorization(Policies.NonEngagementReaders)
            .WithSummary("The doctor's non-engagement pathway: the current episode, its letters with sent and reply-by dates, replies, outcome. RO team; the doctor (own record) sees dates only.");
        doctor.MapPost("/start", Start).RequireAuthorization(Policies.RoTeam)
            .WithSummary("Start an episode: {\"reason\":\"Appraisal|Revalidation\",\"appraisalYear\":\"2026/27\",\"note\":\"…\"}. One open episode at a time. RO, revalidation manager.");
        doctor.MapGet("/steps/{step:int}/preview", Preview).RequireAuthorization(Policies.RoTeam)
            .WithSummary("Letter {step} as it would be sent today to this doctor, from the body's template. RO, revalidation manager.");
        doctor.MapPost("/steps/{step:int}/send", Send).RequireAuthorization(Policies.RoTeam)
            .WithSummary("Send letter {step} (1–4, in order; the next only after the previous reply-by date or a recorded reply) by email through the outbox. A retry of a letter already sent sends nothing more. RO, revalidation manager.");
        doctor.MapPost("/steps/{step:int}/reply", Reply).RequireAuthorization(Policies.RoTeam)
            .WithSummary("Record the reply to letter {step}: {\"repliedOn\":\"2027-01-14\"} or {\"received\":true} (today), with an optional note; or no reply (neither) with a note. RO, revalidation manager.");
        doctor.MapPost("/close", Close).RequireAuthorization(Policies.RoTeam)
            .WithSummary("Close the open episode: {\"outcome\":\"EngagedAgain|EscalatedToResponsibleOfficer\",\"note\":\"…\"}. RO, revalidation manager.");

        var templates = api.MapGroup("/admin/letter-templates").RequireAuthorization(Policies.LetterTemplateEditors);
        templates.MapGet("/", GetTemplates).WithSummary("The four non-engagement letters' wording (the body's own or the default) and the placeholders. Admin, RO, revalidation manager.");
        templates.MapPut("/{step:int}", PutTemplate).WithSummary("Save letter {step}'s wording: {\"subject\":\"…\",\"body\":\"…\"}; a placeholder not in the list is refused, naming the field. Audited. Admin, RO, revalidation manager.");
        templates.MapPost("/{step:int}/preview", PreviewTemplate).WithSummary("Letter {step}'s wording as a doctor would read it, with sample values (nothing saved). Admin, RO, revalidation manager.");
    }

    private static readonly string[] Readers = [Roles.Doctor, Roles.ResponsibleOfficer, Roles.RevalidationManager];

    private static async Task<Results<Ok<NonEngagementResponse>, ProblemHttpResult>> Get(Guid doctorId, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, Readers, ct);
        return problem is not null ? problem : TypedResults.Ok(await ResponseAsync(doctor!, user, api, ct));
    }

    private static async Task<Results<Ok<NonEngagementResponse>, ProblemHttpResult>> Start(
        Guid doctorId, NonEngagementStartRequest? request, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, [.. Roles.RoTeam], ct);
        if (problem is not null)
        {
            return problem;
        }

        if (!Enum.TryParse<NonEngagementReason>(request?.Reason, ignoreCase: false, out var reason) || !Enum.IsDefined(reason))
        {
            return ApiResults.Invalid("reason", "Say what the doctor is not engaging with: Appraisal or Revalidation.");
        }

        if (request!.AppraisalYear is { Length: > 20 })
        {
            return ApiResults.Invalid("appraisalYear", "The appraisal year is written like 2026/27.");
        }

        var noteCheck = NonEngagementPathway.CheckNote(request.Note, "note", required: false);
        if (!noteCheck.IsSuccess)
        {
            return ApiResults.Invalid(noteCheck.Violations);
        }

        var actor = user.AsActor(user.ActingRole([.. Roles.RoTeam]));
        var id = Guid.NewGuid();
        return await ChangeAsync(api, user, doctor!, new DoctorChange("non-engagement.started",
            d => d.NonEngagement.Start(id, reason, request.AppraisalYear, request.Note, actor.UserId, user.Name, api.Today).Outcome,
            _ => $"Non-engagement episode started ({(reason == NonEngagementReason.Appraisal ? "appraisal" : "revalidation")})",
            new { episodeId = id, reason, request.AppraisalYear }), ct);
    }

    private static async Task<Results<Ok<LetterPreviewResponse>, ProblemHttpResult>> Preview(Guid doctorId, int step, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, [.. Roles.RoTeam], ct);
        if (problem is not null)
        {
            return problem;
        }

        if (step is < 1 or > NonEngagementPathway.LetterCount)
        {
            return ApiResults.Invalid("step", "The letter is numbered 1 to 4.");
        }

        var body = await api.Bodies.GetDesignatedBodyAsync(user.DesignatedBody, ct);
        var (subject, text, replyBy) = Letter(body, doctor!, step, api.Today);
        return TypedResults.Ok(new LetterPreviewResponse(step, subject, text, replyBy));
    }

    private static async Task<Results<Ok<NonEngagementResponse>, ProblemHttpResult>> Send(Guid doctorId, int step, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, [.. Roles.RoTeam], ct);
        if (problem is not null)
        {
            return problem;
        }

        // A retry of a letter already recorded as sent (a lost answer, a second click) sends nothing more: the outbox is
        // given the same key again, which it ignores once the letter is there, and records it if an earlier try stopped
        // between the record and the outbox (H59: exactly once, never silently dropped).
        if (doctor!.NonEngagement.Open?.Step(step) is { } sent)
        {
            await QueueAsync(api, user.DesignatedBody, doctor.Id, sent, ct);
            return TypedResults.Ok(await ResponseAsync(doctor, user, api, ct));
        }

        var check = doctor.NonEngagement.CheckSend(step, api.Today);
        if (!check.IsSuccess)
        {
            return ApiResults.Invalid(check.Violations);
        }

        if (string.IsNullOrWhiteSpace(doctor.Email))
        {
            return ApiResults.Invalid("email", "The doctor's record has no email address, so the letter cannot be sent. Add it in the directory first.", RuleIds.NonEngagement);
        }

        var body = await api.Bodies.GetDesignatedBodyAsync(user.DesignatedBody, ct);
        var (subject, text, _) = Letter(body, doctor, step, api.Today);
        var episodeId = doctor.NonEngagement.Open!.Id;
        var key = $"{user.DesignatedBody}/non-engagement/{doctor.Id:D}/{episodeId:D}/letter-{step}";
        var actor = user.AsActor(user.ActingRole([.. Roles.RoTeam]));
        var result = await api.Doctors.ChangeAsync(user.DesignatedBody, doctorId, actor, new DoctorChange("non-engagement.letter-sent",
            d => d.NonEngagement.Send(step, subject, text, key, actor.UserId, user.Name, api.Today).Outcome,
            _ => $"Non-engagement letter {step} sent",
            new { episodeId, step, alertKey = key }), loaded: doctor, retries: 2, cancellationToken: ct);
        if (!result.IsOk)
        {
            return ApiResults.From(result);
        }

        var saved = result.Value!;
        await QueueAsync(api, user.DesignatedBody, saved.Id, saved.NonEngagement.Open!.Step(step)!, ct);
        return TypedResults.Ok(await ResponseAsync(saved, user, api, ct));
    }

    private static async Task<Results<Ok<NonEngagementResponse>, ProblemHttpResult>> Reply(
        Guid doctorId, int step, NonEngagementReplyRequest? request, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, [.. Roles.RoTeam], ct);
        if (problem is not null)
        {
            return problem;
        }

        var repliedOn = request?.RepliedOn ?? (request?.Received == true ? api.Today : null);
        var noteCheck = NonEngagementPathway.CheckNote(request?.Note, "note", required: repliedOn is null);
        if (!noteCheck.IsSuccess)
        {
            return ApiResults.Invalid(noteCheck.Violations);
        }

        return await ChangeAsync(api, user, doctor!, new DoctorChange("non-engagement.reply-recorded",
            d => d.NonEngagement.RecordReply(step, repliedOn, request!.Note, api.Today),
            _ => repliedOn is null ? $"No reply to non-engagement letter {step} recorded" : $"Reply to non-engagement letter {step} recorded",
            new { step, repliedOn }), ct);
    }

    private static async Task<Results<Ok<NonEngagementResponse>, ProblemHttpResult>> Close(
        Guid doctorId, NonEngagementCloseRequest? request, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var (doctor, problem) = await DoctorAccess.LoadAsync(api, user, doctorId, [.. Roles.RoTeam], ct);
        if (problem is not null)
        {
            return problem;
        }

        if (!Enum.TryParse<NonEngagementOutcome>(request?.Outcome, ignoreCase: false, out var outcome) || !Enum.IsDefined(outcome))
        {
            return ApiResults.Invalid("outcome", "Say how the episode ended: EngagedAgain or EscalatedToResponsibleOfficer.");
        }

        var noteCheck = NonEngagementPathway.CheckNote(request!.Note, "note", required: true);
        if (!noteCheck.IsSuccess)
        {
            return ApiResults.Invalid(noteCheck.Violations);
        }

        return await ChangeAsync(api, user, doctor!, new DoctorChange("non-engagement.closed",
            d => d.NonEngagement.Close(outcome, request.Note, api.Today),
            _ => outcome == NonEngagementOutcome.EngagedAgain ? "Non-engagement episode closed: the doctor engaged again" : "Non-engagement episode closed: escalated to the responsible officer",
            new { outcome }), ct);
    }

    private static async Task<Results<Ok<LetterTemplatesResponse>, ProblemHttpResult>> GetTemplates(CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var body = await api.Bodies.GetDesignatedBodyAsync(user.DesignatedBody, ct);
        return body is null ? ApiResults.NotFound("Your designated body is not set up yet.") : TypedResults.Ok(Templates(body));
    }

    private static async Task<Results<Ok<LetterTemplatesResponse>, ProblemHttpResult>> PutTemplate(
        int step, LetterTemplateRequest? request, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        if (step is < 1 or > NonEngagementPathway.LetterCount)
        {
            return ApiResults.Invalid("step", "The letter is numbered 1 to 4.");
        }

        // Checked before the write too, so that a misspelt placeholder names its field and nothing is saved (H60).
        var check = LetterTemplates.Check(request?.Subject, request?.Body);
        if (!check.IsSuccess)
        {
            return ApiResults.Invalid(check.Violations);
        }

        var role = user.ActingRole(Roles.Admin, Roles.ResponsibleOfficer, Roles.RevalidationManager);
        var result = await api.DesignatedBodies.ChangeAsync(user.DesignatedBody, user.AsActor(role),
            new Core.Doctors.AuditNote("letter-template.changed", $"Non-engagement letter {step} wording changed", new { step }),
            b => b.SetLetterTemplate(step, request!.Subject, request.Body), cancellationToken: ct);
        return result.IsOk ? TypedResults.Ok(Templates(result.Value!)) : ApiResults.From(result);
    }

    private static async Task<Results<Ok<LetterPreviewResponse>, ProblemHttpResult>> PreviewTemplate(
        int step, LetterTemplateRequest? request, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        if (step is < 1 or > NonEngagementPathway.LetterCount)
        {
            return ApiResults.Invalid("step", "The letter is numbered 1 to 4.");
        }

        var check = LetterTemplates.Check(request?.Subject, request?.Body);
        if (!check.IsSuccess)
        {
            return ApiResults.Invalid(check.Violations);
        }

        var body = await api.Bodies.GetDesignatedBodyAsync(user.DesignatedBody, ct);
        var replyBy = WorkingDays.Add(api.Today, NonEngagementPathway.ReplyWorkingDays);
        var values = new LetterValues("Dr Alex Example", replyBy, AppraisalYearOf(api.Today, api.Options), body?.ResponsibleOfficer?.Name ?? "the responsible officer", body?.Name ?? "your designated body");
        return TypedResults.Ok(new LetterPreviewResponse(step, LetterTemplates.Render(request!.Subject!, values), LetterTemplates.Render(request.Body!, values), replyBy));
    }

    private static LetterTemplatesResponse Templates(DesignatedBody body) =>
        new([.. Enumerable.Range(1, NonEngagementPathway.LetterCount).Select(s =>
            {
                var t = body.LetterTemplateFor(s);
                return new LetterTemplateResponse(s, t.Subject, t.Body, !body.HasOwnLetterTemplate(s));
            })],
            [.. LetterTemplates.Placeholders.Select(p => "{" + p + "}")]);

    private static (string Subject, string Text, DateOnly ReplyBy) Letter(DesignatedBody? body, DoctorRecord doctor, int step, DateOnly today)
    {
        var template = body?.LetterTemplateFor(step) ?? LetterTemplates.Default(step);
        var replyBy = WorkingDays.Add(today, NonEngagementPathway.ReplyWorkingDays);
        var ro = body?.ResponsibleOfficerFor(doctor) is { IsSuccess: true } r ? r.Value!.Name : body?.ResponsibleOfficer?.Name ?? "the responsible officer";
        var values = new LetterValues(doctor.DisplayName, replyBy, doctor.NonEngagement.Open?.AppraisalYear, ro, body?.Name ?? "your designated body");
        return (LetterTemplates.Render(template.Subject, values), LetterTemplates.Render(template.Body, values), replyBy);
    }

    private static string AppraisalYearOf(DateOnly today, RevalidationOptions options)
    {
        var start = today.Month >= options.AppraisalYearStartMonth ? today.Year : today.Year - 1;
        return $"{start}/{(start + 1) % 100:00}";
    }

    private static async Task QueueAsync(ApiServices api, DesignatedBodyCode body, Guid doctorId, NonEngagementStep step, CancellationToken ct) =>
        await api.Outbox.AddAlertsAsync(body,
            [AlertContent.NonEngagementLetter(step.Number, step.Subject, step.Text, step.ReplyDueBy).ToRecord(step.AlertKey, body, doctorId, step.SentOn, api.Time.GetUtcNow())], ct);

    private static async Task<Results<Ok<NonEngagementResponse>, ProblemHttpResult>> ChangeAsync(
        ApiServices api, CurrentUser user, DoctorRecord doctor, DoctorChange change, CancellationToken ct)
    {
        var actor = user.AsActor(user.ActingRole([.. Roles.RoTeam]));
        var result = await api.Doctors.ChangeAsync(user.DesignatedBody, doctor.Id, actor, change, loaded: doctor, retries: 2, cancellationToken: ct);
        return result.IsOk ? TypedResults.Ok(await ResponseAsync(result.Value!, user, api, ct)) : ApiResults.From(result);
    }

    private static async Task<NonEngagementResponse> ResponseAsync(DoctorRecord doctor, CurrentUser user, ApiServices api, CancellationToken ct)
    {
        var team = user.IsIn(Roles.ResponsibleOfficer) || user.IsIn(Roles.RevalidationManager);
        var pathway = doctor.NonEngagement;
        var episode = pathway.Current;
        NonEngagementEpisodeResponse? current = null;
        if (episode is not null)
        {
            var steps = new List<NonEngagementStepResponse>();
            foreach (var s in episode.Steps)
            {
                string? delivery = null;
                if (team)
                {
                    var alert = await api.Outbox.GetAlertAsync(user.DesignatedBody, s.AlertKey, ct);
                    delivery = Delivery(alert);
                }

                steps.Add(new NonEngagementStepResponse(s.Number, s.SentOn, s.ReplyDueBy, s.RepliedOn, s.ReplyRecorded,
                    team ? s.SentByName : null, team ? s.Subject : null, team ? s.Text : null, team ? s.ReplyNote : null, delivery));
            }

            int? next = episode.IsOpen && episode.Steps.Count < NonEngagementPathway.LetterCount ? episode.Steps.Count + 1 : null;
            DateOnly? nextFrom = next is > 1 && episode.Steps[^1] is { ReplyRecorded: false } last ? last.ReplyDueBy.AddDays(1) : null;
            current = new NonEngagementEpisodeResponse(episode.Id, episode.Reason.ToString(),
                episode.Reason == NonEngagementReason.Appraisal ? "Not engaging with appraisal" : "Not engaging with revalidation",
                episode.AppraisalYear, episode.StartedOn, team ? episode.StartedByName : null, team ? episode.StartNote : null, steps, episode.IsOpen,
                episode.Outcome?.ToString(), episode.Outcome switch
                {
                    NonEngagementOutcome.EngagedAgain => "The doctor engaged again",
                    NonEngagementOutcome.EscalatedToResponsibleOfficer => "Escalated to the responsible officer",
                    _ => null,
                },
                episode.ClosedOn, team ? episode.ClosingNote : null, team ? next : null, team ? nextFrom : null, episode.Exhausted);
        }

        return new NonEngagementResponse(current, pathway.Episodes.Count, Summary(pathway));
    }

    /// <summary>What R9's "local processes exhausted" criterion shows the RO, in plain words (H58).</summary>
    public static string Summary(NonEngagementPathway pathway)
    {
        var letters = pathway.Episodes.Sum(e => e.Steps.Count);
        if (letters == 0 && pathway.Episodes.Count == 0)
        {
            return "No non-engagement letters have been sent to this doctor.";
        }

        var sent = letters == 1 ? "1 non-engagement letter has been sent" : $"{letters} non-engagement letters have been sent";
        var replies = pathway.Episodes.Sum(e => e.Steps.Count(s => s.RepliedOn is not null));
        var replied = replies == 1 ? "1 reply received" : $"{replies} replies received";
        var exhausted = pathway.Episodes.Any(e => e.Exhausted)
            ? "the pathway reached the fourth letter or was escalated to the responsible officer."
            : "no episode has reached the fourth letter or been escalated to the responsible officer.";
        return $"{sent}, {replied}; {exhausted}";
    }

    private static string? Delivery(AlertRecord? alert) => alert?.State switch
    {
        null => "Not yet queued",
        AlertState.Pending or AlertState.Sending => "Waiting to be sent",
        AlertState.Sent => "Sent",
        AlertState.DeadLettered => $"Could not be sent: {alert.Delivery.LastError}",
        _ => "Not sent",
    };
}
