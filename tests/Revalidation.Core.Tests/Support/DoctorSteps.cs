using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Evidence;
using Revalidation.Core.Recommendations;

namespace Revalidation.Core.Tests.Support;

/// <summary>What doctors, appraisers, ROs and the GMC do to a record, each step asserted to succeed.</summary>
internal static class DoctorSteps
{
    /// <summary>The appraisal meeting (and sign-off) of a year: the 10th of the doctor's due month.</summary>
    public static DateOnly MeetingDate(AppraisalYear year, int dueMonth) => year.DueMonth(dueMonth).First.AddDays(9);

    /// <summary>
    /// R16 in full for one year: probity and health statements with "none" for significant events and
    /// compliments/complaints on the first day of the due month, CPD that day, and a signed-off appraisal on the 10th.
    /// </summary>
    public static void CompleteAppraisalYear(this DoctorRecord doctor, AppraisalYear year, RevalidationOptions options, decimal cpdCredits = 50)
    {
        var first = year.DueMonth(doctor.Appraisals.DueMonth).First;
        var meeting = MeetingDate(year, doctor.Appraisals.DueMonth);
        ResultAssert.Succeeds(doctor.Appraisals.Declare(year, probity: true, health: true, noSignificantEvents: true, noComplimentsOrComplaints: true, first));
        doctor.AddEvidenceOn(SupportingInformationType.ContinuingProfessionalDevelopment, first, options, cpdCredits, year);
        ResultAssert.Succeeds(doctor.Appraisals.Record(year, meeting, signOff: true, pdpAgreed: true, TestData.AppraiserId, meeting));
    }

    public static EvidenceItem AddEvidenceOn(
        this DoctorRecord doctor,
        SupportingInformationType type,
        DateOnly on,
        RevalidationOptions options,
        decimal? cpdCredits = null,
        AppraisalYear? year = null) =>
        ResultAssert.Succeeds(doctor.Evidence.Add(
            type,
            $"{type} {on:yyyy-MM-dd}",
            on,
            year ?? AppraisalYear.Containing(on, options.AppraisalYearStartMonth),
            cpdCredits,
            "What I learned and what I will change.",
            null,
            TestData.At(on)));

    public static Recommendation Draft(this DoctorRecord doctor, RecommendationDetails details, DateOnly today, RevalidationOptions options) =>
        ResultAssert.Succeeds(doctor.Recommendations.Draft(details, TestData.At(today), TestData.RoUserId, options));

    /// <summary>Drafts and submits; for revalidate, as an RO who gives a reason for every gap readiness lists (decision (d)).</summary>
    public static Recommendation DraftAndSubmit(this DoctorRecord doctor, RecommendationDetails details, DateOnly today, RevalidationOptions options)
    {
        if (details.Type == RecommendationType.Revalidate && details.GapAcknowledgements is null)
        {
            var gaps = Core.Readiness.ReadinessEvaluator.Evaluate(Core.Readiness.DoctorSummary.From(doctor), today, options).Gaps;
            details = details with { GapAcknowledgements = [.. gaps.Select(g => new GapAcknowledgement(g.Code, g.Year, "Judged by the RO on other information."))] };
        }

        var recommendation = doctor.Draft(details, today, options);
        ResultAssert.Succeeds(doctor.Recommendations.Submit(recommendation.Id, today, TestData.RoUserId, options));
        return recommendation;
    }

    public static void RecordOutcome(this DoctorRecord doctor, Recommendation recommendation, GmcOutcome outcome, DateOnly today, RevalidationOptions options, DateOnly? newRsd = null) =>
        ResultAssert.Succeeds(doctor.Recommendations.RecordGmcOutcome(recommendation.Id, outcome, today, options, newRsd));
}
