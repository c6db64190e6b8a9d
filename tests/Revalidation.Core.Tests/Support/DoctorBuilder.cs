using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Readiness;

namespace Revalidation.Core.Tests.Support;

/// <summary>Builds a <see cref="DoctorRecord"/> through its own methods, so every rule on the way is exercised.</summary>
internal sealed class DoctorBuilder
{
    private DateOnly rsd = TestData.Rsd;
    private bool rsdConfirmed = true;
    private int dueMonth = TestData.DueMonth;
    private string gmcNumber = TestData.DoctorGmcNumber;
    private RevalidationOptions options = TestData.Options();
    private SupportingInformationType[] cycleEvidence = [];
    private DateOnly? appraisedThrough;
    private bool underInvestigation;
    private bool openLocalProcess;
    private DateOnly? leftOn;

    public DoctorBuilder WithRsd(DateOnly value, bool confirmed = true)
    {
        rsd = value;
        rsdConfirmed = confirmed;
        return this;
    }

    public DoctorBuilder WithDueMonth(int month)
    {
        dueMonth = month;
        return this;
    }

    public DoctorBuilder WithGmcNumber(string value)
    {
        gmcNumber = value;
        return this;
    }

    public DoctorBuilder WithOptions(RevalidationOptions value)
    {
        options = value;
        return this;
    }

    /// <summary>R17: quality improvement, patient feedback and colleague feedback (or those named), 30 days into the cycle.</summary>
    public DoctorBuilder WithCycleEvidence(bool qualityImprovement = true, bool patientFeedback = true, bool colleagueFeedback = true)
    {
        cycleEvidence = new[]
        {
            (qualityImprovement, SupportingInformationType.QualityImprovementActivity),
            (patientFeedback, SupportingInformationType.PatientFeedback),
            (colleagueFeedback, SupportingInformationType.ColleagueFeedback),
        }.Where(x => x.Item1).Select(x => x.Item2).ToArray();
        return this;
    }

    /// <summary>R16: every appraisal year of the first cycle completed in full.</summary>
    public DoctorBuilder AppraisedEveryYear() => AppraisedThrough(DateOnly.MaxValue);

    /// <summary>R16: the appraisal years of the first cycle whose meeting falls on or before <paramref name="date"/>, completed in full.</summary>
    public DoctorBuilder AppraisedThrough(DateOnly date)
    {
        appraisedThrough = date;
        return this;
    }

    /// <summary>R19: everything a revalidate recommendation needs.</summary>
    public DoctorBuilder Ready() => WithCycleEvidence().AppraisedEveryYear();

    public DoctorBuilder UnderGmcInvestigation()
    {
        underInvestigation = true;
        return this;
    }

    public DoctorBuilder WithOpenLocalProcess()
    {
        openLocalProcess = true;
        return this;
    }

    public DoctorBuilder LeftOn(DateOnly date)
    {
        leftOn = date;
        return this;
    }

    public DoctorRecord Build()
    {
        var doctor = ResultAssert.Succeeds(DoctorRecord.Create(
            TestData.Body, GmcNumber.Parse(gmcNumber), "Ada", "Lovelace", rsd, rsdConfirmed, dueMonth, options,
            email: "ada.lovelace@example.org", id: TestData.DoctorId));
        var cycle = doctor.CurrentCycle!;

        foreach (var type in cycleEvidence)
        {
            doctor.AddEvidenceOn(type, cycle.StartDate.AddDays(30), options);
        }

        if (appraisedThrough is { } through)
        {
            var facts = new CycleFacts(cycle.Number, cycle.StartDate, cycle.Rsd, cycle.RsdConfirmed);
            foreach (var year in AppraisalRules.YearsOfCycle(facts, dueMonth, options).Where(y => DoctorSteps.MeetingDate(y, dueMonth) <= through))
            {
                doctor.CompleteAppraisalYear(year, options);
            }
        }

        if (underInvestigation)
        {
            ResultAssert.Succeeds(doctor.Concerns.SetGmcInvestigation(true));
        }

        if (openLocalProcess)
        {
            ResultAssert.Succeeds(doctor.Concerns.SetOpenLocalProcess(true));
        }

        if (leftOn is { } left)
        {
            ResultAssert.Succeeds(doctor.MarkLeaver(left));
        }

        return doctor;
    }
}
