using System.Globalization;
using System.Text.Json.Serialization;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.Recommendations;

// The cooling-off hold (docs/decisions/0018-recommendation-hold.md): a submitted recommendation is held for a
// configurable time during which the RO may cancel it; when the hold ends it is released exactly once, to the GMC
// outbox (web service) or to the "to enter in GMC Connect" worksheet (manual route).
public sealed partial class RecommendationHistory
{
    /// <summary>Submits a draft into the hold: every check of <see cref="Submit"/> and the R7 snapshot, then held until <paramref name="now"/> + <paramref name="hold"/>.</summary>
    public Result Hold(Guid recommendationId, DateOnly today, string submittedBy, RevalidationOptions options, StaffMember? actingOfficer, DateTimeOffset now, TimeSpan hold)
    {
        var submitted = Submit(recommendationId, today, submittedBy, options, actingOfficer, now);
        if (!submitted.IsSuccess)
        {
            return submitted;
        }

        var recommendation = ById(recommendationId)!;
        recommendation.Status = RecommendationStatus.Held;
        recommendation.HoldEndsAt = now + hold;
        return Result.Success;
    }

    /// <summary>
    /// Releases a held recommendation (its hold ended, or the RO chose "Send now"): on the web-service route it becomes
    /// submitted and is queued in the GMC outbox; on the manual route it waits on the GMC Connect worksheet. Only a held
    /// recommendation can be released, so of two releases only one changes anything (the save is conditional on the ETag).
    /// </summary>
    public Result Release(Guid recommendationId, DateTimeOffset now, DateOnly today, bool webService)
    {
        var found = Find(recommendationId);
        if (!found.IsSuccess)
        {
            return found.Outcome;
        }

        var recommendation = found.Value!;
        if (recommendation.Status != RecommendationStatus.Held)
        {
            return Result.Fail(RuleIds.SubmittedIsFinal, "recommendationId", "This recommendation is not held, so there is nothing to send.");
        }

        recommendation.ReleasedAt = now;
        if (!webService)
        {
            recommendation.Status = RecommendationStatus.ToEnterInGmcConnect;
            return Result.Success;
        }

        recommendation.Status = RecommendationStatus.Submitted;
        recommendation.SubmittedOn = today;
        return QueueForGmc(recommendationId, now);
    }

    /// <summary>
    /// The RO cancels a held recommendation before its hold ends: it goes back to draft (the snapshot taken at
    /// submission is dropped; the audit log keeps the submission and the cancellation). Refused once the hold ended or
    /// once it went to the GMC.
    /// </summary>
    public Result CancelHold(Guid recommendationId, DateTimeOffset now)
    {
        var found = Find(recommendationId);
        if (!found.IsSuccess)
        {
            return found.Outcome;
        }

        var recommendation = found.Value!;
        switch (recommendation.Status)
        {
            case RecommendationStatus.Draft:
                return Result.Fail(RuleIds.SubmittedIsFinal, "recommendationId", "This recommendation is a draft, not held: there is nothing to cancel.");
            case RecommendationStatus.Held when recommendation.HoldEndsAt is { } ends && ends <= now:
                return Result.Fail(RuleIds.SubmittedIsFinal, "recommendationId",
                    $"The hold on this recommendation ended at {UkTime(ends)} and it is being sent; it cannot be cancelled.");
            case RecommendationStatus.Held:
                recommendation.Status = RecommendationStatus.Draft;
                recommendation.HoldEndsAt = null;
                recommendation.SubmittedOn = null;
                recommendation.SubmittedBy = null;
                recommendation.RsdAtSubmission = null;
                recommendation.Snapshot = null;
                return Result.Success;
            case RecommendationStatus.ToEnterInGmcConnect:
                return Result.Fail(RuleIds.SubmittedIsFinal, "recommendationId",
                    $"The hold on this recommendation ended at {UkTime(recommendation.ReleasedAt ?? now)} and it is waiting to be entered in GMC Connect; it cannot be cancelled.");
            default:
                var sent = recommendation.SubmittedOn ?? DateOnly.FromDateTime((recommendation.ReleasedAt ?? now).UtcDateTime);
                return Result.Fail(RuleIds.SubmittedIsFinal, "recommendationId",
                    $"This recommendation was sent to the GMC on {sent.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)} and cannot be cancelled.");
        }
    }

    /// <summary>Manual route: the RO confirms they entered the recommendation in GMC Connect; it is now submitted.</summary>
    public Result EnteredInGmcConnect(Guid recommendationId, DateOnly today)
    {
        var found = Find(recommendationId);
        if (!found.IsSuccess)
        {
            return found.Outcome;
        }

        var recommendation = found.Value!;
        if (recommendation.Status != RecommendationStatus.ToEnterInGmcConnect)
        {
            return Result.Fail(RuleIds.SubmittedIsFinal, "recommendationId",
                recommendation.Status == RecommendationStatus.Held
                    ? "This recommendation is still held; it goes on the GMC Connect worksheet when its hold ends."
                    : "This recommendation is not waiting to be entered in GMC Connect.");
        }

        recommendation.Status = RecommendationStatus.Submitted;
        recommendation.SubmittedOn = today;
        return Result.Success;
    }

    /// <summary>Issue 16: where the RO team placed the doctor on the ready list against the rule (with why), this cycle.</summary>
    [JsonInclude]
    public ReadyListPlacement? Placement { get; internal set; }

    /// <summary>The team moves the doctor to the ready list or the review list, with a note (audited by the caller's change).</summary>
    public Result Place(bool ready, string? note, string by, DateTimeOffset at)
    {
        if (Doctor.CurrentCycle is not { } cycle)
        {
            return Result.Fail(RuleIds.Validation, "doctorId", "The doctor has no open revalidation cycle.");
        }

        if (string.IsNullOrWhiteSpace(note))
        {
            return Result.Fail(RuleIds.Validation, "note", "Say why you are moving this doctor.");
        }

        if (note.Length > ReadyListPlacement.MaxNoteLength)
        {
            return Result.Fail(RuleIds.Validation, "note", $"The note must be {ReadyListPlacement.MaxNoteLength} characters or fewer.");
        }

        if (ready && (Doctor.Concerns.RevalidationOnHold || !cycle.RsdConfirmed || Doctor.Status == DoctorStatus.Leaver))
        {
            return Result.Fail(RuleIds.Readiness, "ready", Doctor.Concerns.RevalidationOnHold
                ? "This doctor's revalidation is on hold or under GMC investigation, so no recommendation can be made: they stay on the review list."
                : Doctor.Status == DoctorStatus.Leaver
                    ? "This doctor has left the designated body: they stay on the review list."
                    : "The submission date is an estimate. Confirm it from GMC Connect before moving the doctor to the ready list.");
        }

        Placement = new ReadyListPlacement(cycle.Number, ready, note.Trim(), by, at);
        return Result.Success;
    }

    /// <summary>"10:15 on 4 December 2026", in UK time.</summary>
    public static string UkTime(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, UkCalendar.London);
        return local.ToString("HH:mm 'on' d MMMM yyyy", CultureInfo.InvariantCulture);
    }
}

/// <summary>Issue 16: the team's placement of a doctor on the ready or review list, with its note; applies to one cycle.</summary>
public sealed record ReadyListPlacement(int CycleNumber, bool Ready, string Note, string By, DateTimeOffset At)
{
    public const int MaxNoteLength = 500;
}
