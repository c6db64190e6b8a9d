using Revalidation.Api.Contracts;
using C = Revalidation.Contracts;
using Core = Revalidation.Core;

namespace Revalidation.Api.Tests;

/// <summary>The contracts' copies of Core's enums and lists stay equal to Core's (docs/decisions/0015-record-parts-write-path-ports.md).</summary>
public sealed class ContractMappingTests
{
    public static TheoryData<Type, Type> EnumPairs => new()
    {
        { typeof(Core.Common.DoctorStatus), typeof(C.DoctorStatus) },
        { typeof(Core.Common.SupportingInformationType), typeof(C.SupportingInformationType) },
        { typeof(Core.Common.RecommendationType), typeof(C.RecommendationType) },
        { typeof(Core.Common.RecommendationStatus), typeof(C.RecommendationStatus) },
        { typeof(Core.Common.DeferralReason), typeof(C.DeferralReason) },
        { typeof(Core.Common.DeferralSubReason), typeof(C.DeferralSubReason) },
        { typeof(Core.Common.GmcOutcome), typeof(C.GmcOutcome) },
        { typeof(Core.Common.AppraisalYearStatus), typeof(C.AppraisalYearStatus) },
        { typeof(Core.Gmc.GmcSubmissionState), typeof(C.GmcSubmissionState) },
        { typeof(Core.Gmc.GmcConnectionAction), typeof(C.GmcConnectionAction) },
        { typeof(Core.DirectorySync.SyncMode), typeof(C.SyncMode) },
        { typeof(Core.DirectorySync.SyncRunStatus), typeof(C.SyncRunStatus) },
        { typeof(Core.DirectorySync.DataQualityIssueKind), typeof(C.DataQualityIssueKind) },
        { typeof(Core.DirectorySync.DataQualityIssueStatus), typeof(C.DataQualityIssueStatus) },
    };

    [Theory]
    [MemberData(nameof(EnumPairs))]
    public void ContractEnum_HasCoresNamesAndNumbers(Type core, Type contract)
    {
        static List<(string, long)> Members(Type t) =>
            Enum.GetValues(t).Cast<object>().Select(v => (Enum.GetName(t, v)!, Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture))).ToList();

        Assert.Equal(Members(core), Members(contract));
    }

    [Fact]
    public void ChangeReasons_AreCores()
    {
        Assert.Equal(Core.Gmc.GmcChangeReasons.Add, C.GmcChangeReasons.Add);
        Assert.Equal(Core.Gmc.GmcChangeReasons.Remove, C.GmcChangeReasons.Remove);
        Assert.Equal(Core.Gmc.GmcReturnCodes.Success, C.GmcReturnCode.Success);
        Assert.Equal(Core.Recommendations.RecommendationDetails.MaxCommentsLength, C.RecommendationLimits.MaxCommentsLength);
    }

    [Fact]
    public void Request_MapsToCoresDetails()
    {
        var request = new RecommendationRequest(C.RecommendationType.Defer, C.DeferralReason.InsufficientEvidence, C.DeferralSubReason.PatientFeedback,
            new DateOnly(2027, 6, 1), new C.NonEngagementAttestations(true, false, true, false, C.CriterionAnswer.Confirmed, C.CriterionAnswer.NotApplicable), "c", "j",
            new DateOnly(2027, 5, 1), [new C.GapAcknowledgement("cpd-missing", 2026, "why")], new C.PositiveStatements(true, true, true, true, true, false));

        var details = request.ToDetails();

        Assert.Equal(new Core.Recommendations.RecommendationDetails(Core.Common.RecommendationType.Defer, Core.Common.DeferralReason.InsufficientEvidence,
            Core.Common.DeferralSubReason.PatientFeedback, new DateOnly(2027, 6, 1), new Core.Recommendations.NonEngagementAttestations(true, false, true, false, Core.Recommendations.CriterionAnswer.Confirmed, Core.Recommendations.CriterionAnswer.NotApplicable), "c", "j",
            new DateOnly(2027, 5, 1), [new Core.Recommendations.GapAcknowledgement("cpd-missing", 2026, "why")], new Core.Recommendations.PositiveStatements(true, true, true, true, true, false)), details);
    }
}
