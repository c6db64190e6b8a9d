using System.Globalization;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;

namespace Revalidation.Core.Gmc;

/// <summary>What one list would change for one doctor, in plain words (issue 14, item 2). <see cref="DoctorId"/> is null for a doctor the records do not hold.</summary>
public sealed record GmcListDoctorChange(Guid? DoctorId, string Name, string GmcNumber, IReadOnlyList<string> Changes);

/// <summary>
/// What applying a GMC Connect list would do, nothing written: the counts of <see cref="GmcReconciliationReport"/>, who
/// would change and how (a moved revalidation date, an investigation or hold the GMC now shows or no longer shows, notice,
/// the connection), and how many of the body's active doctors the list lacks (<see cref="NeedsConfirmation"/> past a tenth).
/// </summary>
public sealed record GmcListPreview(
    int Listed,
    int Matched,
    int NotInDirectory,
    int NotConnected,
    int LeaversStillConnected,
    int ActiveDoctors,
    int Missing,
    IReadOnlyList<GmcListDoctorChange> Changes)
{
    /// <summary>The list lacks more than a tenth of the body's active doctors (a header-only or cut-off list): applying it needs the admin's confirmation.</summary>
    public bool NeedsConfirmation => LacksTooMany(Missing, ActiveDoctors);

    /// <summary>The one threshold, for the preview and for applying a list: more than a tenth of the active doctors missing.</summary>
    public static bool LacksTooMany(int missing, int activeDoctors) => missing > 0 && missing * 10 > activeDoctors;
}

public sealed partial class GmcReconciliationService
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>
    /// Judges the list against the body's records without saving anything: each matched record is loaded and the list's
    /// line applied to that copy only, so the preview says exactly what <see cref="ReconcileAsync"/> would change.
    /// </summary>
    public async Task<GmcListPreview> PreviewAsync(DesignatedBodyCode body, IReadOnlyList<GmcConnectedDoctor> listed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listed);
        var today = UkCalendar.Today(time);
        var summaries = await doctors.ListDoctorSummariesAsync(body, cancellationToken);
        var records = summaries.GroupBy(s => s.GmcNumber.Value).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var onList = new Dictionary<string, GmcConnectedDoctor>(StringComparer.Ordinal);
        foreach (var doctor in listed)
        {
            if (GmcNumber.TryParse(doctor.GmcNumber?.Trim(), out var number))
            {
                onList.TryAdd(number.Value, doctor);
            }
        }

        var changes = new List<GmcListDoctorChange>();
        int matched = 0, notInDirectory = 0, leavers = 0;
        foreach (var (number, entry) in onList)
        {
            if (!records.TryGetValue(number, out var summary))
            {
                notInDirectory++;
                changes.Add(new(null, $"{entry.FirstName} {entry.LastName}".Trim(), number, ["Connected to your body at the GMC, but not in the directory"]));
                continue;
            }

            matched++;
            leavers += summary.Status == DoctorStatus.Leaver ? 1 : 0;
            if (await doctors.GetDoctorAsync(body, summary.Id, cancellationToken) is not { } record)
            {
                continue;
            }

            var before = Facts.Of(record);
            var applied = record.Gmc.Apply(entry, today).Value;
            var said = Facts.Of(record).Compare(before);
            if (applied is { RefusedSubmissionDate: { } refused })
            {
                said.Add($"The list's revalidation date, {refused.ToString("d MMMM yyyy", English)}, is older than the last revalidation and would not be applied");
            }

            if (summary.Status == DoctorStatus.Leaver)
            {
                said.Add("Left your body, but still connected at the GMC");
            }

            if (said.Count > 0)
            {
                changes.Add(new(record.Id, record.DisplayName, number, said));
            }
        }

        var active = summaries.Where(s => s.Status == DoctorStatus.Active).ToList();
        var missing = active.Where(s => !onList.ContainsKey(s.GmcNumber.Value)).ToList();
        changes.AddRange(missing.Select(s => new GmcListDoctorChange(s.Id, s.DisplayName, s.GmcNumber.Value, ["Not in the list: would be marked not connected at the GMC"])));
        return new GmcListPreview(onList.Count, matched, notInDirectory, missing.Count, leavers, active.Count, missing.Count,
            [.. changes.OrderBy(c => c.Name, StringComparer.CurrentCulture)]);
    }

    /// <summary>The facts a list can change that an RO acts on.</summary>
    private sealed record Facts(DateOnly? Rsd, bool Investigation, bool OnHold, bool UnderNotice, bool? Connected)
    {
        public static Facts Of(DoctorRecord d) => new(d.CurrentCycle?.Rsd, d.Concerns.GmcReportsInvestigation, d.Concerns.GmcOnHold,
            d.Gmc.Connection?.UnderNotice == true, d.Gmc.Connection?.Connected);

        public List<string> Compare(Facts before)
        {
            var said = new List<string>();
            if (Rsd != before.Rsd)
            {
                said.Add($"Revalidation date from {Date(before.Rsd)} to {Date(Rsd)}");
            }

            if (Investigation != before.Investigation)
            {
                said.Add(Investigation ? "The GMC now shows an investigation" : "The GMC no longer shows an investigation");
            }

            if (OnHold != before.OnHold)
            {
                said.Add(OnHold ? "The GMC now shows the revalidation on hold" : "The GMC no longer shows the revalidation on hold");
            }

            if (UnderNotice != before.UnderNotice)
            {
                said.Add(UnderNotice ? "Now under notice" : "No longer under notice");
            }

            if (Connected == true && before.Connected != true)
            {
                said.Add("Connected to your body at the GMC");
            }

            return said;
        }

        private static string Date(DateOnly? date) => date?.ToString("d MMMM yyyy", English) ?? "none";
    }
}
