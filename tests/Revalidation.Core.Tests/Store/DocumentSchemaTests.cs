using System.Text.Json.Nodes;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using CriterionAnswerOf = Revalidation.Core.Recommendations.CriterionAnswer;
using Revalidation.Core.Store;

namespace Revalidation.Core.Tests.Store;

/// <summary>Versioned documents (docs/decisions/0016): every stored document carries its schema version and is upgraded on read.</summary>
public sealed class DocumentSchemaTests
{
    /// <summary>A doctor's document as the first release stored it (taken from that release's demo data), with a GMC link added.</summary>
    private static string VersionOneDoctor()
    {
        using var stream = typeof(DocumentSchemaTests).Assembly.GetManifestResourceStream("Revalidation.Core.Tests.Store.Fixtures.doctor-v1.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [Fact]
    public void Read_WhenTheDoctorDocumentIsVersionOne_NestsEveryPartAndKeepsEveryValue()
    {
        var v1 = JsonNode.Parse(VersionOneDoctor())!.AsObject();

        var doctor = DocumentSchemas.Current.Doctor.Read<DoctorRecord>(VersionOneDoctor());

        Assert.Equal(v1["familyName"]!.GetValue<string>(), doctor.FamilyName);
        Assert.Equal(v1["appraisalDueMonth"]!.GetValue<int>(), doctor.Appraisals.DueMonth);
        Assert.Equal(v1["appraiserId"]!.GetValue<string>(), doctor.Appraisals.AppraiserId);
        Assert.Equal(v1["cycles"]!.AsArray().Count, doctor.Cycles.Items.Count);
        Assert.Equal(v1["appraisals"]!.AsArray().Count, doctor.Appraisals.Items.Count);
        Assert.Equal(v1["declarations"]!.AsArray().Count, doctor.Appraisals.Declarations.Count);
        Assert.Equal(v1["evidence"]!.AsArray().Count, doctor.Evidence.Items.Count);
        Assert.Equal(v1["recommendations"]!.AsArray().Count, doctor.Recommendations.Items.Count);
        Assert.Equal(RecommendationStatus.Approved, doctor.Recommendations.Items[0].Status);
        Assert.Equal(new DateOnly(2027, 3, 20), doctor.Gmc.Connection?.SubmissionDate);
        Assert.Equal(new DateOnly(2027, 3, 20), doctor.CurrentCycle?.Rsd);

        // The parts reach the rest of the record after an upgrade too (a rule that spans features).
        Assert.True(doctor.Appraisals.IsSignedOff(doctor.Appraisals.Items[0].Year));
        Assert.All(doctor.Evidence.Items.Where(e => doctor.Appraisals.IsSignedOff(e.AppraisalYear)), e => Assert.True(e.Locked));
    }

    [Fact]
    [Trait("Rule", "R9")]
    public void Read_WhenANonEngagementOfVersionTwoAnsweredTheFifthCriterionYesOrNo_KeepsItAsConfirmedOrNotAndLeavesTheSixthUnanswered()
    {
        var v2 = JsonNode.Parse(DocumentSchemas.Current.Doctor.Write(DocumentSchemas.Current.Doctor.Read<DoctorRecord>(VersionOneDoctor())))!.AsObject();
        v2[DocumentSchema.VersionProperty] = 2;
        var items = v2["recommendations"]!["items"]!.AsArray();
        items.Add(JsonNode.Parse(items[0]!.ToJsonString()));
        items.Add(JsonNode.Parse(items[0]!.ToJsonString()));
        items[1]!["id"] = Guid.NewGuid();
        items[2]!["id"] = Guid.NewGuid();
        items[1]!["details"] = JsonNode.Parse("""{"type":"NonEngagement","attestations":{"hadOpportunityAndSupportButDidNotEngage":true,"informationInsufficientAndWillRemainSo":true,"deferralCriteriaNotMet":true,"localProcessesExhausted":true,"fitnessToPractiseConcernsNotified":true}}""");
        items[2]!["details"] = JsonNode.Parse("""{"type":"NonEngagement","attestations":{"hadOpportunityAndSupportButDidNotEngage":true,"informationInsufficientAndWillRemainSo":true,"deferralCriteriaNotMet":true,"localProcessesExhausted":true,"fitnessToPractiseConcernsNotified":false}}""");

        var doctor = DocumentSchemas.Current.Doctor.Read<DoctorRecord>(v2.ToJsonString());

        var (yes, no) = (doctor.Recommendations.Items[1].Details.Attestations!, doctor.Recommendations.Items[2].Details.Attestations!);
        Assert.Equal((CriterionAnswerOf.Confirmed, CriterionAnswerOf.NotConfirmed), (yes.FitnessToPractiseConcernsNotified, no.FitnessToPractiseConcernsNotified));
        Assert.Equal(CriterionAnswerOf.NotConfirmed, yes.PublicInterestConcernsDiscussed);
        Assert.False(yes.AllConfirmed);
    }

    [Fact]
    public void Write_AfterAnUpgrade_StoresTheCurrentVersionAndNothingOfTheOldShape()
    {
        var doctor = DocumentSchemas.Current.Doctor.Read<DoctorRecord>(VersionOneDoctor());

        var written = JsonNode.Parse(DocumentSchemas.Current.Doctor.Write(doctor))!.AsObject();

        Assert.Equal(DocumentSchemas.Current.Doctor.CurrentVersion, DocumentSchema.VersionOf(written));
        Assert.False(written.ContainsKey("appraisalDueMonth"));
        Assert.False(written.ContainsKey("declarations"));
        Assert.False(written.ContainsKey("gmcConnection"));
        Assert.Equal(DocumentSchemas.Current.Doctor.Write(doctor), DocumentSchemas.Current.Doctor.Write(DocumentSchemas.Current.Doctor.Read<DoctorRecord>(written.ToJsonString())));
    }

    [Fact]
    public void Upgrade_WhenSeveralVersionsBehind_RunsEveryStepInOrder_Once()
    {
        var schema = new DocumentSchema("test")
            .Then("a added", d => d["trail"] = "a")
            .Then("b appended", d => d["trail"] = d["trail"]!.GetValue<string>() + "b");

        var upgraded = schema.Upgrade(new JsonObject { ["value"] = 1 });
        var again = schema.Upgrade(upgraded);

        Assert.Equal(("ab", 3), (again["trail"]!.GetValue<string>(), DocumentSchema.VersionOf(again)));
    }

    [Fact]
    public void Upgrade_WhenTheDocumentIsFromANewerVersion_Refuses()
    {
        var schema = new DocumentSchema("test");

        var error = Assert.Throws<InvalidDataException>(() => schema.Upgrade(new JsonObject { [DocumentSchema.VersionProperty] = 2 }));

        Assert.Contains("schema version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WhenStepsLeaveAGap_Refuses() =>
        Assert.Throws<ArgumentException>(() => new DocumentSchema("test", new DocumentUpgrade(2, "from two", _ => { })));
}
