using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Store;

namespace Revalidation.Core.Alerts;

/// <summary>What one dispatch run did. Counts only.</summary>
public sealed record MailDispatchReport(int Sent, int Retrying, int DeadLettered, int LostClaims, bool StoppedEarly)
{
    public int Attempted => Sent + Retrying + DeadLettered;
}

/// <summary>
/// Delivers the outbox: every deliverable alert of every designated body goes pending → sending (a conditional
/// claim, so one dispatcher owns it) → sent; or back to pending with exponential backoff after a transient failure
/// (a 4xx reply, a refused or dropped connection, a timeout); or dead-lettered on a permanent failure (a 5xx reply,
/// a missing address) or after <see cref="OutboxOptions.MaxAttempts"/> attempts, when the body's admin is told.
/// When the relay is unavailable the run stops at once: the other messages keep their attempts for when it is back.
/// <para>
/// Exactly once, with one documented edge (docs/decisions/0010): a message is marked sent right after the relay
/// accepts it. If the process dies between the two, the claim expires and the message is sent again, with the same
/// Message-ID (derived from the alert key), so a receiving system can drop the duplicate.
/// </para>
/// </summary>
public sealed partial class MailDispatchService(
    IDesignatedBodyStore bodies,
    IDoctorStore doctors,
    IAlertOutbox outbox,
    IMailSender sender,
    AlertMessageComposer composer,
    TimeProvider time,
    IOptions<OutboxOptions> options,
    ILogger<MailDispatchService> logger)
{
    private readonly OutboxOptions delivery = options.Value;

    public async Task<MailDispatchReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var report = new MailDispatchReport(0, 0, 0, 0, false);
        foreach (var code in await bodies.ListDesignatedBodiesAsync(cancellationToken))
        {
            var due = await outbox.ListDeliverableAlertsAsync(code, time.GetUtcNow(), delivery.BatchSize, cancellationToken);
            if (due.Count == 0)
            {
                continue;
            }

            var body = await bodies.GetDesignatedBodyAsync(code, cancellationToken);
            foreach (var alert in due)
            {
                var step = await DeliverAsync(alert, body, cancellationToken);
                report = step switch
                {
                    Step.Sent => report with { Sent = report.Sent + 1 },
                    Step.Retrying => report with { Retrying = report.Retrying + 1 },
                    Step.DeadLettered => report with { DeadLettered = report.DeadLettered + 1 },
                    Step.Unavailable => report with { Retrying = report.Retrying + 1, StoppedEarly = true },
                    _ => report with { LostClaims = report.LostClaims + 1 },
                };
                if (report.StoppedEarly)
                {
                    LogStopped(logger);
                    LogRun(logger, report.Sent, report.Retrying, report.DeadLettered);
                    return report;
                }
            }
        }

        if (report.Attempted > 0 || report.LostClaims > 0)
        {
            LogRun(logger, report.Sent, report.Retrying, report.DeadLettered);
        }

        return report;
    }

    private enum Step
    {
        Sent,
        Retrying,
        DeadLettered,
        Unavailable,
        LostClaim,
    }

    private async Task<Step> DeliverAsync(AlertRecord alert, DesignatedBody? body, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!alert.IsDeliverable(now))
        {
            return Step.LostClaim;
        }

        // Claim before send: of two dispatchers that read the same message, only one claim matches its ETag.
        var claimed = alert.Claim(now, delivery.ClaimDuration);
        var claim = await outbox.UpdateAlertDeliveryAsync(claimed, cancellationToken);
        if (!claim.Saved)
        {
            return Step.LostClaim;
        }

        claimed = claimed with { ETag = claim.ETag };
        if (body is null)
        {
            return await FinishAsync(claimed, claimed.DeadLetter(now, "The designated body no longer exists."), cancellationToken);
        }

        var doctor = claimed.DoctorId is { } doctorId ? await doctors.GetDoctorAsync(body.Code, doctorId, cancellationToken) : null;
        var composed = composer.Compose(claimed, body, doctor);
        if (composed.Mail is null)
        {
            // Never silently dropped: the reason is kept on the dead letter, which admins see and can retry.
            return await FinishAsync(claimed, claimed.DeadLetter(time.GetUtcNow(), composed.Problem ?? "The alert cannot be addressed."), cancellationToken);
        }

        if (Unsendable(composed.Mail) is { } problem)
        {
            // A poisoned message (a stored address with a line break, two addresses…) is dead-lettered alone:
            // the run goes on with the next message and the next body (docs/decisions/0010-alerts-outbox-and-worker.md).
            return await FinishAsync(claimed, claimed.DeadLetter(time.GetUtcNow(), problem), cancellationToken);
        }

        MailSendResult result;
        try
        {
            result = await sender.SendAsync(composed.Mail, cancellationToken);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            // The message could not be built (MimeKit's ParseException is a FormatException). The exception text may
            // quote the address, so only its type is kept.
            result = new MailSendResult(MailSendStatus.PermanentFailure, $"the message could not be built ({e.GetType().Name})");
        }

        now = time.GetUtcNow();
        var attempts = claimed.Delivery.Attempts;
        var next = result.Status switch
        {
            MailSendStatus.Sent => claimed.MarkSent(now),
            MailSendStatus.PermanentFailure => claimed.DeadLetter(now, $"Permanent failure: {result.Error}"),
            _ when attempts >= delivery.MaxAttempts => claimed.DeadLetter(now, $"Gave up after {attempts} attempts: {result.Error}"),
            _ => claimed.MarkFailed(now, result.Error ?? "Transient failure", now + delivery.RetryDelay(attempts)),
        };
        var step = await FinishAsync(claimed, next, cancellationToken);
        return step == Step.Retrying && result.Status == MailSendStatus.Unavailable ? Step.Unavailable : step;
    }

    /// <summary>Why this mail must not be offered to the relay, in plain words without the address; null when it may be.</summary>
    private static string? Unsendable(OutgoingMail mail) =>
        !EmailAddress.TryNormalise(mail.To.Address, out _) ? "The recipient's email address is not one valid address (it may hold a line break, a comma or a second address): correct it, then retry."
        : !EmailAddress.TryNormalise(mail.From.Address, out _) ? "The sender address (Alerts:Mail:FromAddress) is not one valid address."
        : null;

    private async Task<Step> FinishAsync(AlertRecord claimed, AlertRecord next, CancellationToken cancellationToken)
    {
        // Marking the outcome must not be abandoned half-way: a sent message left "sending" would be sent again.
        var saved = await outbox.UpdateAlertDeliveryAsync(next, CancellationToken.None);
        if (!saved.Saved)
        {
            // The claim expired mid-send and another dispatcher took the message over (ClaimDuration too short?).
            LogClaimLost(logger, claimed.Key, claimed.Delivery.Attempts);
            return Step.LostClaim;
        }

        switch (next.State)
        {
            case AlertState.Sent:
                return Step.Sent;
            case AlertState.DeadLettered:
                LogDeadLettered(logger, claimed.Key, claimed.Code, claimed.Delivery.Attempts, next.Delivery.LastError);
                await NotifyAdminAsync(next, cancellationToken);
                return Step.DeadLettered;
            default:
                LogRetrying(logger, claimed.Key, claimed.Delivery.Attempts, next.Delivery.NextAttemptAt, next.Delivery.LastError);
                return Step.Retrying;
        }
    }

    /// <summary>§4: the admin is told of a dead letter, once per message (a notice that itself fails is not noticed again).</summary>
    private async Task NotifyAdminAsync(AlertRecord deadLetter, CancellationToken cancellationToken)
    {
        if (deadLetter.Kind == AlertKind.DeadLetterNotice)
        {
            return;
        }

        var now = time.GetUtcNow();
        var today = UkCalendar.Today(time);
        var notice = AlertContent.DeadLetterNotice(deadLetter.Kind, today)
            .ToRecord(AlertKeys.DeadLetterNotice(deadLetter.Key), deadLetter.DesignatedBody, null, today, now);
        await outbox.AddAlertsAsync(deadLetter.DesignatedBody, [notice], CancellationToken.None);
    }

    // Alert keys are ids (designated body, doctor id, cycle, threshold): no names, GMC numbers or addresses.
    [LoggerMessage(Level = LogLevel.Information, Message = "Mail dispatch: {Sent} sent, {Retrying} to retry, {DeadLettered} dead-lettered")]
    private static partial void LogRun(ILogger logger, int sent, int retrying, int deadLettered);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail dispatch stopped early: the mail relay is unavailable; the remaining messages wait for the next run")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Key} attempt {Attempt} failed; next attempt at {NextAttemptAt}: {Error}")]
    private static partial void LogRetrying(ILogger logger, string key, int attempt, DateTimeOffset? nextAttemptAt, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert {Key} ({Kind}) dead-lettered after {Attempts} attempt(s): {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string key, string kind, int attempts, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Key}: the claim of attempt {Attempt} expired before the outcome was recorded; another dispatcher took it over")]
    private static partial void LogClaimLost(ILogger logger, string key, int attempt);
}
