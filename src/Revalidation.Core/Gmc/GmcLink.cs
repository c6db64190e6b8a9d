using System.Globalization;
using System.Text.Json.Serialization;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.Gmc;

/// <summary>What the GMC's list of connected doctors last said about this doctor (GetDoctorsForDB, or the uploaded list).</summary>
/// <param name="UnderNotice">R3: the GMC says the doctor is under notice ("Yes").</param>
/// <param name="OnHold">R3, R10: the GMC says revalidation is on hold ("On Hold", e.g. during its investigation).</param>
public sealed record GmcConnectionFacts(
    DateOnly CheckedOn,
    bool Connected,
    DateOnly? SubmissionDate,
    bool UnderNotice,
    bool Investigation,
    bool PreliminaryInvestigation,
    string? Sanction,
    string? DoctorStatus,
    DateOnly? DateAdded,
    bool OnHold = false);

/// <summary>What one line of a GMC list did to the record: whether anything changed, and a submission date it refused (R1).</summary>
public sealed record GmcListChange(bool Changed, DateOnly? RefusedSubmissionDate = null, string? RefusedBecause = null);

/// <summary>
/// The doctor's link with the GMC's own records: what the GMC's list of connected doctors says (docs/decisions/0013),
/// kept apart from what the RO records (docs/domain.md#r10): a list moves the RSD the GMC holds (R1), and changes what
/// the GMC says of an investigation, of notice and of holds only when it carries the column.
/// </summary>
public sealed class GmcLink : DoctorPart
{
    /// <summary>What the GMC said of this doctor at the last reconciliation; null before any.</summary>
    [JsonInclude]
    public GmcConnectionFacts? Connection { get; private set; }

    /// <summary>
    /// Applies one line of the GMC's list: keeps the facts (a column the list does not carry keeps the value it had),
    /// and confirms the RSD the GMC holds unless a recommendation awaits the GMC (whose outcome will move it). A date on
    /// or before the closed cycle's RSD comes from a list older than the last revalidation and is refused, never
    /// applied (R1); a new date after an approved non-engagement reopens revalidation (R11).
    /// </summary>
    public Result<GmcListChange> Apply(GmcConnectedDoctor gmc, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(gmc);
        var before = Connection;
        var submissionDate = gmc.SubmissionDate is null ? before?.SubmissionDate : ParseDate(gmc.SubmissionDate);
        var notice = gmc.UnderNotice is null ? null : gmc.UnderNotice.Trim().ToUpperInvariant();
        var facts = new GmcConnectionFacts(
            today,
            Connected: true,
            submissionDate,
            UnderNotice: notice is null ? before?.UnderNotice ?? false : IsYes(notice),
            Investigation: gmc.Investigation is null ? before?.Investigation ?? false : IsYes(gmc.Investigation),
            PreliminaryInvestigation: gmc.PreliminaryInvestigation is null ? before?.PreliminaryInvestigation ?? false : IsYes(gmc.PreliminaryInvestigation),
            Sanction: gmc.Sanction is null ? before?.Sanction : Blank(gmc.Sanction),
            DoctorStatus: gmc.DoctorStatus is null ? before?.DoctorStatus : Blank(gmc.DoctorStatus),
            DateAdded: gmc.DateAdded is null ? before?.DateAdded : ParseDate(gmc.DateAdded),
            OnHold: notice is null ? before?.OnHold ?? false : notice.Replace(" ", string.Empty, StringComparison.Ordinal) == "ONHOLD");
        var changed = before is null || before with { CheckedOn = today } != facts;
        Connection = facts;

        var rsd = gmc.SubmissionDate is null ? null : submissionDate;
        var refused = rsd is { } date ? CheckSubmissionDate(date) : null;
        if (refused is not null)
        {
            return new GmcListChange(changed, rsd, refused);
        }

        if (rsd is { } next && Doctor.Cycles.FollowGmcDate(next, today))
        {
            changed = true;
        }

        return new GmcListChange(changed);
    }

    /// <summary>The GMC no longer lists the doctor as connected to this body.</summary>
    public Result<bool> MarkNotConnected(DateOnly today)
    {
        var changed = Connection is not { Connected: false };
        Connection = (Connection ?? new GmcConnectionFacts(today, false, null, false, false, false, null, null, null)) with
        {
            CheckedOn = today, Connected = false, UnderNotice = false, OnHold = false,
        };
        return Result<bool>.Ok(changed);
    }

    /// <summary>R1: why a submission date from the GMC's list cannot be the current cycle's, or null when it can.</summary>
    private string? CheckSubmissionDate(DateOnly rsd)
    {
        var cycles = Doctor.Cycles;
        if (cycles.LastClosed is { } closed && rsd <= closed.Rsd)
        {
            return $"The GMC's list gives a submission date ({rsd:d MMMM yyyy}) on or before that of the cycle that closed ({closed.Rsd:d MMMM yyyy}): the list is older than the last revalidation.";
        }

        return Doctor.CurrentCycle is { } cycle && rsd <= cycle.StartDate
            ? $"The GMC's list gives a submission date ({rsd:d MMMM yyyy}) on or before the start of the current cycle ({cycle.StartDate:d MMMM yyyy})."
            : null;
    }

    /// <summary>The GMC's dates: dd/MM/yyyy (also accepted: yyyy-MM-dd, and a time after the date).</summary>
    public static DateOnly? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0)
        {
            value = value[..space];
        }

        return DateOnly.TryParseExact(value, ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
    }

    private static bool IsYes(string? text) =>
        text?.Trim().ToUpperInvariant() is "YES" or "Y" or "TRUE" or "1";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
