using Revalidation.Core.Alerts;
using Revalidation.Core.Common;
using Revalidation.Core.Readiness;

namespace Revalidation.Core.Tests.Support;

/// <summary>
/// Plays the deadline scan: plans a doctor's alerts on a day with everything recorded so far, records
/// what it returns (as the store would, once per key), and checks that planning again plans nothing.
/// </summary>
internal sealed class AlertLog
{
    private readonly List<AlertRecord> records = [];
    private readonly List<(DateOnly On, PlannedAlert Alert)> planned = [];

    public IReadOnlyList<AlertRecord> Records => records;

    public IReadOnlyList<(DateOnly On, PlannedAlert Alert)> Planned => planned;

    /// <summary>Runs the planner every day from <paramref name="from"/> to <paramref name="to"/> inclusive.</summary>
    public static AlertLog Run(Func<DateOnly, DoctorSummary> doctorOn, DateOnly from, DateOnly to, RevalidationOptions options)
    {
        var log = new AlertLog();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            log.PlanAndRecord(doctorOn(day), day, options);
        }

        return log;
    }

    public static AlertLog Run(DoctorSummary doctor, DateOnly from, DateOnly to, RevalidationOptions options) =>
        Run(_ => doctor, from, to, options);

    public IReadOnlyList<PlannedAlert> PlanAndRecord(DoctorSummary doctor, DateOnly today, RevalidationOptions options)
    {
        var alerts = AlertPlanner.Plan(doctor, today, options, Recorded());
        foreach (var alert in alerts)
        {
            Assert.DoesNotContain(records, r => r.Key == alert.Key);
            records.Add(alert.ToRecord(doctor.DesignatedBody, doctor.Id, TestData.At(today)));
            planned.Add((today, alert));
        }

        // Exactly once: with today's alerts recorded, a second scan the same day plans nothing.
        Assert.Empty(AlertPlanner.Plan(doctor, today, options, Recorded()));
        return alerts;
    }

    /// <summary>What the scan reads of the records: key, doctor and due day.</summary>
    private List<RecordedAlert> Recorded() => [.. records.Select(r => new RecordedAlert(r.Key, r.DoctorId!.Value, r.DueOn))];

    /// <summary>What a recipient was actually sent (pending, not skipped): kind and the day it was planned.</summary>
    public IReadOnlyList<(string Kind, DateOnly On)> Sent(AlertRecipient recipient) =>
        planned.Where(p => p.Alert.Recipient == recipient && p.Alert.State == AlertState.Pending)
            .Select(p => (p.Alert.Code, p.On))
            .ToList();

    public IReadOnlyList<(string Kind, DateOnly On)> Sent(string kindPrefix) =>
        planned.Where(p => p.Alert.Code.StartsWith(kindPrefix, StringComparison.Ordinal) && p.Alert.State == AlertState.Pending)
            .Select(p => (p.Alert.Code, p.On))
            .ToList();
}
