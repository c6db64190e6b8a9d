using System.Text.Json.Nodes;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Store;
using static Revalidation.Store.Tests.Contract.TestData;

namespace Revalidation.Store.Tests.Contract;

/// <summary>
/// Versioned documents on every adapter (docs/decisions/0016): a document stored at the current version, read by code
/// whose model moved on one version, comes back upgraded by the new step — the record, its list summary and the
/// designated body alike — and the next save stores the new version, so the step never runs twice.
/// </summary>
public abstract class DocumentUpgradeContractTests(IStoreSource source) : StoreContract(source)
{
    /// <summary>A model change of the kind a real release makes: a value in the document rewritten by a step.</summary>
    private static readonly DocumentSchemas Bumped = DocumentSchemas.Current with
    {
        Doctor = DocumentSchemas.Current.Doctor.Then("departments are stored in capitals", d => d["department"] = d["department"]?.GetValue<string>().ToUpperInvariant()),
        DoctorSummary = DocumentSchemas.Current.DoctorSummary.Then("the summary is computed again from the upgraded record", _ => { }),
        DesignatedBody = DocumentSchemas.Current.DesignatedBody.Then("body names are stored with a suffix", b => b["name"] = b["name"]!.GetValue<string>() + " (upgraded)"),
    };

    [Fact]
    public async Task GetDoctorAsync_WhenTheModelMovedOnAVersion_ReadsTheStoredDocumentUpgraded_AndTheNextSaveStoresTheNewVersion()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).InDepartment("Cardiology").WithAppraisalAndEvidence().Build();
        await SaveAsync(doctor);

        var later = await CreateStoresAsync(Bumped);
        var read = await later.Doctors.GetDoctorAsync(code, doctor.Id);

        Assert.Equal("CARDIOLOGY", read!.Department);
        Assert.Equal(Json(doctor.Appraisals), Json(read.Appraisals));
        Assert.Equal(SaveStatus.Saved, (await later.Doctors.SaveDoctorAsync(read, [])).Status);

        // Stored at the new version now: reading it again does not apply the step again (the value is unchanged).
        var again = await (await CreateStoresAsync(Bumped.Then())).Doctors.GetDoctorAsync(code, doctor.Id);
        Assert.Equal("CARDIOLOGY", again!.Department);
    }

    [Fact]
    public async Task ListDoctorSummariesAsync_WhenTheSummaryModelMovedOnAVersion_ComputesEveryStaleSummaryFromItsUpgradedRecord()
    {
        var code = NewBodyCode();
        var doctors = Enumerable.Range(0, 3).Select(i => new DoctorBuilder(code).Named("Ann", $"Stale{i}").InDepartment("Renal").Build()).ToList();
        foreach (var d in doctors)
        {
            await SaveAsync(d);
        }

        var later = await CreateStoresAsync(Bumped);
        var summaries = await later.Doctors.ListDoctorSummariesAsync(code);

        Assert.Equal(doctors.Select(d => d.Id).Order(), summaries.Select(s => s.Id).Order());
        Assert.All(summaries, s => Assert.Equal(("RENAL", Bumped.DoctorSummary.CurrentVersion), (s.Department, s.SchemaVersion)));
    }

    [Fact]
    public async Task GetDesignatedBodyAsync_WhenTheModelMovedOnAVersion_ReadsTheStoredDocumentUpgraded()
    {
        var code = NewBodyCode();
        await SaveAsync(Body(code, "Upgrade Trust"));

        var read = await (await CreateStoresAsync(Bumped)).Bodies.GetDesignatedBodyAsync(code);

        Assert.Equal("Upgrade Trust (upgraded)", read!.Name);
    }

    [Fact]
    public async Task GetDoctorAsync_WhenTheStoredDocumentIsFromANewerVersion_RefusesToReadIt()
    {
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();
        await (await CreateStoresAsync(Bumped)).Doctors.SaveDoctorAsync(doctor, []);

        // An older deployment must not overwrite what a newer one wrote.
        var older = await CreateStoresAsync();
        await Assert.ThrowsAsync<InvalidDataException>(() => older.Doctors.GetDoctorAsync(code, doctor.Id));
    }
}

internal static class DocumentSchemasExtensions
{
    /// <summary>The same schemas one more (empty) step on: a model a version later again.</summary>
    public static DocumentSchemas Then(this DocumentSchemas schemas) => schemas with
    {
        Doctor = schemas.Doctor.Then("nothing", _ => { }),
        DoctorSummary = schemas.DoctorSummary.Then("nothing", _ => { }),
        DesignatedBody = schemas.DesignatedBody.Then("nothing", _ => { }),
    };
}
