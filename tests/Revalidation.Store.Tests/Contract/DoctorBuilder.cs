using Revalidation.Core.Appraisals;
using Revalidation.Core.Common;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Doctors;
using Revalidation.Core.Recommendations;

namespace Revalidation.Store.Tests.Contract;

/// <summary>Builds valid doctor records through the domain's own methods (no mocks, no reflection).</summary>
public sealed class DoctorBuilder
{
    private readonly List<Action<DoctorRecord>> steps = [];
    private DesignatedBodyCode body;
    private GmcNumber? gmcNumber;
    private Guid? id;
    private string givenName = "Ada";
    private string familyName = "Lovelace";
    private string? department = "Cardiology";
    private DateOnly rsd = new(2026, 4, 30);
    private bool rsdConfirmed = true;

    public DoctorBuilder(DesignatedBodyCode body) => this.body = body;

    public DoctorBuilder In(DesignatedBodyCode designatedBody)
    {
        body = designatedBody;
        return this;
    }

    public DoctorBuilder WithId(Guid value)
    {
        id = value;
        return this;
    }

    public DoctorBuilder WithGmcNumber(GmcNumber value)
    {
        gmcNumber = value;
        return this;
    }

    public DoctorBuilder Named(string given, string family)
    {
        givenName = given;
        familyName = family;
        return this;
    }

    public DoctorBuilder InDepartment(string? value)
    {
        department = value;
        return this;
    }

    public DoctorBuilder WithRsd(DateOnly value, bool confirmed = true)
    {
        rsd = value;
        rsdConfirmed = confirmed;
        return this;
    }

    /// <summary>A signed-off appraisal for the 2025/26 year with its declarations and CPD, plus cycle-wide QI.</summary>
    public DoctorBuilder WithAppraisalAndEvidence() => With(d =>
    {
        var year = new AppraisalYear(2025);
        TestData.Ok(d.Evidence.Add(SupportingInformationType.ContinuingProfessionalDevelopment, "ESC congress",
            new DateOnly(2025, 6, 2), year, 12.5m, "Updated my heart-failure practice.", null, TestData.Now).Outcome);
        TestData.Ok(d.Evidence.Add(SupportingInformationType.QualityImprovementActivity, "Discharge audit",
            new DateOnly(2025, 9, 1), year, null, "Closed the loop.", null, TestData.Now).Outcome);
        TestData.Ok(d.Appraisals.Declare(year, probity: true, health: true, noSignificantEvents: true, noComplimentsOrComplaints: true, TestData.Today));
        TestData.Ok(d.Appraisals.Record(year, new DateOnly(2025, 11, 20), signOff: true, pdpAgreed: true, "appraiser-1", TestData.Today));
    });

    public DoctorBuilder WithDraftRevalidation() => With(d =>
        TestData.Ok(d.Recommendations.Draft(new RecommendationDetails(RecommendationType.Revalidate, Comments: "Ready."), TestData.Now, "ro-1", TestData.Options).Outcome));

    public DoctorBuilder With(Action<DoctorRecord> step)
    {
        steps.Add(step);
        return this;
    }

    public DoctorRecord Build()
    {
        var doctor = TestData.Ok(DoctorRecord.Create(
            body,
            gmcNumber ?? TestData.NewGmcNumber(),
            givenName,
            familyName,
            rsd,
            rsdConfirmed,
            appraisalDueMonth: 11,
            TestData.Options,
            email: $"{givenName}.{familyName}@example.nhs.uk".ToLowerInvariant(),
            department: department,
            specialty: "Cardiology",
            directoryId: Guid.NewGuid().ToString(),
            id: id));
        foreach (var step in steps)
        {
            step(doctor);
        }

        return doctor;
    }
}
