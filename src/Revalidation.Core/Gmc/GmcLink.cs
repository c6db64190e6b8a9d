using System.Globalization;
using System.Text.Json.Serialization;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.Gmc;

/// <summary>What the GMC's list of connected doctors last said about this doctor (GetDoctorsForDB, or the uploaded list).</summary>
public sealed record GmcConnectionFacts(
    DateOnly CheckedOn,
    bool Connected,
    DateOnly? SubmissionDate,
    bool UnderNotice,
    bool Investigation,
    bool PreliminaryInvestigation,
    string? Sanction,
    string? DoctorStatus,
    DateOnly? DateAdded);

/// <summary>
/// The doctor's link with the GMC's own records: what the GMC's list of connected doctors says (docs/decisions/0013),
/// and how it moves the record — the RSD the GMC holds (R1) and its investigation flags (R10).
/// </summary>
public sealed class GmcLink : DoctorPart
{
    /// <summary>What the GMC said of this doctor at the last reconciliation; null before any.</summary>
    [JsonInclude]
    public GmcConnectionFacts? Connection { get; private set; }

    /// <summary>
    /// R1, R10 and the connection from the GMC's list: keeps the facts, confirms the RSD the GMC holds (unless a
    /// recommendation awaits the GMC, whose outcome will move it), and sets the R10 flag from the GMC's investigation
    /// flags. Returns whether anything changed.
    /// </summary>
    public Result<bool> Apply(GmcConnectedDoctor gmc, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(gmc);
        var submissionDate = ParseDate(gmc.SubmissionDate);
        var facts = new GmcConnectionFacts(
            today,
            Connected: true,
            submissionDate,
            IsYes(gmc.UnderNotice),
            IsYes(gmc.Investigation),
            IsYes(gmc.PreliminaryInvestigation),
            Blank(gmc.Sanction),
            Blank(gmc.DoctorStatus),
            ParseDate(gmc.DateAdded));
        var changed = Connection is null || Connection with { CheckedOn = today } != facts;
        Connection = facts;

        var investigation = facts.Investigation || facts.PreliminaryInvestigation;
        if (Doctor.Concerns.UnderGmcInvestigation != investigation)
        {
            Doctor.Concerns.UnderGmcInvestigation = investigation;
            changed = true;
        }

        if (submissionDate is { } rsd && Doctor.CurrentCycle is { } cycle && (cycle.Rsd != rsd || !cycle.RsdConfirmed)
            && rsd > cycle.StartDate
            && !Doctor.Recommendations.AwaitingGmcIn(cycle.Number))
        {
            cycle.Rsd = rsd;
            cycle.RsdConfirmed = true;
            changed = true;
        }

        return Result<bool>.Ok(changed);
    }

    /// <summary>The GMC no longer lists the doctor as connected to this body.</summary>
    public Result<bool> MarkNotConnected(DateOnly today)
    {
        var changed = Connection is not { Connected: false };
        Connection = (Connection ?? new GmcConnectionFacts(today, false, null, false, false, false, null, null, null)) with { CheckedOn = today, Connected = false, UnderNotice = false };
        return Result<bool>.Ok(changed);
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
