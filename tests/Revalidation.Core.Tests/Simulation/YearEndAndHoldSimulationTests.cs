using Microsoft.Extensions.Time.Testing;
using Revalidation.Core.Alerts;
using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;
using Revalidation.Core.Tests.Support;

namespace Revalidation.Core.Tests.Simulation;

/// <summary>
/// The last twenty months of a cycle day by day, across a year end, for a doctor with a March due month who misses the
/// March 2030 appraisal and is appraised late in April, and who is under a GMC investigation that starts just before
/// notice and ends within it (docs/domain.md#decision-a, #decision-b, #decision-c, #r21).
/// </summary>
public class YearEndAndHoldSimulationTests
{
    private static readonly DateOnly Rsd = new(2030, 9, 15);
    private static readonly DateOnly First = new(2029, 1, 1);
    private static readonly DateOnly Last = new(2030, 9, 30);
    private static readonly DateOnly LateMeeting = new(2030, 4, 15);
    private static readonly DateOnly InvestigationStarts = new(2030, 5, 10);
    private static readonly DateOnly InvestigationEnds = new(2030, 6, 20);
    private static readonly AppraisalYear Missed = new(2029);

    private readonly RevalidationOptions options = TestData.Options();

    [Fact]
    [Trait("Rule", "R21")]
    [Trait("Rule", "decision-a")]
    [Trait("Rule", "decision-b")]
    [Trait("Rule", "decision-c")]
    public void MarchDueMonth_LateAppraisal_AndAnInvestigation_AlertAsTheRulesSay_AndNeverRewriteAClosedYear()
    {
        var builder = new DoctorBuilder().WithRsd(Rsd).WithDueMonth(3).WithOptions(options).AppraisedThrough(new DateOnly(2029, 3, 31));
        var doctor = builder.Build();
        var time = new FakeTimeProvider(UkCalendar.StartOfDay(First).AddHours(7));
        var log = new AlertLog();
        AppraisalYearStatus? missedOnFirstApril = null;

        for (var today = First; today <= Last; today = today.AddDays(1))
        {
            if (today == LateMeeting)
            {
                // R21: the meeting after the year end cannot complete 2029/30; it counts for 2030/31.
                ResultAssert.Breaks(doctor.Appraisals.Record(Missed, today, signOff: true, pdpAgreed: true, TestData.AppraiserId, today), "R14", "meetingDate");
                ResultAssert.Succeeds(doctor.Appraisals.Declare(Missed.Next, true, true, true, true, today.AddDays(-5)));
                doctor.AddEvidenceOn(SupportingInformationType.ContinuingProfessionalDevelopment, today.AddDays(-5), options, 50, Missed.Next);
                ResultAssert.Succeeds(doctor.Appraisals.Record(Missed.Next, today, signOff: true, pdpAgreed: true, TestData.AppraiserId, today));
            }

            if (today == InvestigationStarts || today == InvestigationEnds)
            {
                ResultAssert.Succeeds(doctor.Concerns.SetGmcInvestigation(today == InvestigationStarts));
            }

            var summary = DoctorSummary.From(doctor);
            if (today == new DateOnly(2030, 4, 1))
            {
                missedOnFirstApril = AppraisalRules.Classify(summary.YearOf(Missed.StartYear), Missed, 3, today);
            }

            log.PlanAndRecord(summary, today, options);
            time.Advance(TimeSpan.FromDays(1));
        }

        // Decision (b): the last chance on 17 March, and on 1 April the doctor and the RO are told the year was missed.
        var doctorSent = log.Sent(AlertRecipient.Doctor);
        var roSent = log.Sent(AlertRecipient.ResponsibleOfficer);
        Assert.Contains(("appraisal-year-end", new DateOnly(2030, 3, 17)), doctorSent);
        Assert.Contains(("appraisal-missed", new DateOnly(2030, 4, 1)), doctorSent);
        Assert.Contains(("ro-appraisal-missed", new DateOnly(2030, 4, 1)), roSent);

        // Decision (a): the late meeting completed the new year and never rewrote the closed one.
        Assert.Equal(AppraisalYearStatus.UnapprovedMissed, missedOnFirstApril);
        var after = DoctorSummary.From(doctor);
        Assert.Equal(AppraisalYearStatus.UnapprovedMissed, AppraisalRules.Classify(after.YearOf(Missed.StartYear), Missed, 3, Last));
        Assert.Equal(AppraisalYearStatus.Completed, AppraisalRules.Classify(after.YearOf(Missed.Next.StartYear), Missed.Next, 3, Last));

        // Decision (c): one notice when the hold starts and one when it ends; nothing about the RSD in between, for the RO
        // or the doctor; the RO's reminders (the start of notice, caught up) resume the day it ends.
        Assert.Contains(("ro-on-hold", InvestigationStarts), roSent);
        Assert.Contains(("ro-on-hold-ended", InvestigationEnds), roSent);
        bool During((string Kind, DateOnly On) a) => a.On >= InvestigationStarts && a.On < InvestigationEnds;
        Assert.DoesNotContain(roSent, a => During(a) && a.Kind.StartsWith("ro-rsd-", StringComparison.Ordinal));
        Assert.DoesNotContain(doctorSent, a => During(a) && a.Kind == "doctor-gaps");
        Assert.Contains(roSent, a => a.Kind.StartsWith("ro-rsd-", StringComparison.Ordinal) && a.On == InvestigationEnds);
        Assert.DoesNotContain(log.Sent(AlertRecipient.MedicalDirector), During);

        // Each alert key exactly once.
        Assert.Equal(log.Records.Count, log.Records.Select(r => r.Key).Distinct(StringComparer.Ordinal).Count());
    }
}
