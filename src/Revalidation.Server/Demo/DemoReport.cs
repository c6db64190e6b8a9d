using Revalidation.Core.Caseload;
using Revalidation.Core.Common;
using Revalidation.Core.Compliance;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Store;

namespace Revalidation.Server.Demo;

/// <summary>Prints a designated body's caseload and compliance summary, computed by the core rules.</summary>
public static class DemoReport
{
    public static async Task WriteAsync(TextWriter output, IRevalidationStore store, DesignatedBodyCode code, DateOnly today, RevalidationOptions options)
    {
        var body = await store.GetDesignatedBodyAsync(code) ?? throw new InvalidOperationException("The designated body does not exist.");
        var doctors = await store.ListDoctorSummariesAsync(code);
        var rows = doctors.Select(d => CaseloadRow.From(d, today, options))
            .OrderBy(r => r.Status)
            .ThenBy(r => r.Rsd)
            .ToList();
        var compliance = ComplianceSummary.Build(doctors, today, options);

        await output.WriteLineAsync($"{body.Name} ({body.Code}) — {today:dddd d MMMM yyyy}");
        await output.WriteLineAsync($"Responsible officer: {body.ResponsibleOfficer?.Name}");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"{"Doctor",-26} {"GMC",-8} {"Department",-20} {"RSD",-11} {"Days",5} {"Gaps",4}  Status");
        await output.WriteLineAsync(new string('-', 110));
        foreach (var r in rows)
        {
            var name = $"{r.FamilyName}, {r.GivenName}";
            await output.WriteLineAsync(
                $"{Truncate(name, 26),-26} {r.GmcNumber,-8} {Truncate(r.Department ?? "", 20),-20} {r.Rsd:yyyy-MM-dd} {r.DaysToRsd,5} {r.GapCount,4}  {string.Join(", ", r.Tags)}");
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync($"Active doctors {compliance.ActiveDoctors}, leavers {compliance.Leavers}");
        await output.WriteLineAsync($"Under notice {compliance.UnderNotice} (ready {compliance.UnderNoticeReady}); overdue recommendations {compliance.OverdueRecommendations}; awaiting GMC {compliance.AwaitingGmc}; currently deferred {compliance.CurrentlyDeferred} ({compliance.DeferralRate:P0})");
        foreach (var aoa in new[] { compliance.PreviousYear, compliance.CurrentYear })
        {
            await output.WriteLineAsync(
                $"Appraisal year {aoa.Year}: completed {aoa.Completed}, approved missed {aoa.ApprovedMissed}, unapproved missed {aoa.UnapprovedMissed}, due {aoa.Due}, overdue {aoa.Overdue} (rate {aoa.AppraisalRate:P0})");
        }

        await output.WriteLineAsync("RSDs in the next 12 months: " + string.Join("  ", compliance.RsdsNext12Months.Select(m => $"{m.Year}-{m.Month:00}:{m.Count}")));
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
