using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Evidence;
using Revalidation.Core.Store;
using Revalidation.Functions.Evidence;
using Revalidation.Functions.Tests.Support;
using Revalidation.Server.Demo;

namespace Revalidation.Functions.Tests.Evidence;

/// <summary>
/// Evidence files that arrive by direct upload (ADR 0012): the blob trigger's function, composed by the Functions host
/// on the real SQLite store and the folder evidence store, checks each file against its declaration and never keeps a
/// file silently: verified → the item's file; rejected → removed, reason on the item, audit event.
/// </summary>
public sealed class EvidenceUploadTests(EvidenceUploadTests.SeededHost fixture) : IClassFixture<EvidenceUploadTests.SeededHost>, IAsyncLifetime
{
    // Each test's files are its own (a unique comment), so tests sharing the seeded host never collide as duplicates.
    private readonly byte[] Pdf = Encoding.ASCII.GetBytes($"%PDF-1.7\n% {Guid.NewGuid()}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    private readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, .. Guid.NewGuid().ToByteArray()];

    private AsyncServiceScope scope;

    private FunctionsHost host => fixture.Host;

    /// <summary>One seeded Functions host for the class (seeding the demo body is the slow part).</summary>
    public sealed class SeededHost : IAsyncLifetime
    {
        public FunctionsHost Host { get; private set; } = null!;

        public async Task InitializeAsync() => Host = await FunctionsHost.StartAsync();

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }

    public Task InitializeAsync()
    {
        scope = host.Services.CreateAsyncScope();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await scope.DisposeAsync();

    private IDoctorStore Doctors => scope.ServiceProvider.GetRequiredService<IDoctorStore>();

    private IAuditLog AuditLog => scope.ServiceProvider.GetRequiredService<IAuditLog>();

    private EvidenceUploadService Uploads => scope.ServiceProvider.GetRequiredService<EvidenceUploadService>();

    private EvidenceUploadFunction Function => ActivatorUtilities.CreateInstance<EvidenceUploadFunction>(scope.ServiceProvider);

    private async Task<DoctorRecord> DoctorAsync() =>
        (await Doctors.FindDoctorByDirectoryIdAsync(DemoSeeder.DemoBody, DemoSeeder.DoctorPersonaId))!;

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private async Task<(DoctorRecord Doctor, EvidenceItem Item)> DeclareAsync(string fileName, long size, string sha)
    {
        var doctor = await DoctorAsync();
        var yesterday = UkCalendar.Today(TimeProvider.System).AddDays(-1);
        var result = await Uploads.DeclareAsync(doctor, new Actor(DemoSeeder.DoctorPersonaId, "Doctor"),
            new EvidenceMetadata(SupportingInformationType.Other, "Course certificate", yesterday, null, null, null), fileName, size, sha);
        Assert.True(result.IsOk, result.Detail ?? string.Join("; ", result.Violations));
        return (doctor, result.Value!);
    }

    private async Task<UploadCheck> ArriveAsync(DoctorRecord doctor, EvidenceItem item, UploadedBlob blob) =>
        await Function.CheckAsync(blob, doctor.DesignatedBody.Value, doctor.Id.ToString("N"), item.Id.ToString("N"));

    private async Task<EvidenceItem> ReloadAsync(DoctorRecord doctor, Guid itemId) =>
        (await Doctors.GetDoctorAsync(doctor.DesignatedBody, doctor.Id))!.Evidence.ById(itemId)!;

    private async Task<IReadOnlyList<AuditEvent>> AuditAsync(DoctorRecord doctor) =>
        await AuditLog.QueryAuditAsync(doctor.DesignatedBody, new AuditQuery(doctor.Id));

    private int EvidenceFiles() =>
        System.IO.Directory.Exists(host.EvidenceFolder) ? System.IO.Directory.GetFiles(host.EvidenceFolder, "*", SearchOption.AllDirectories).Length : 0;

    [Fact]
    public async Task Check_FileMatchingItsDeclaration_BecomesTheItemsFileAndTheUploadIsRemoved()
    {
        var (doctor, item) = await DeclareAsync("certificate.pdf", Pdf.Length, Sha(Pdf));
        var blob = new UploadedBlob(Pdf);

        var check = await ArriveAsync(doctor, item, blob);

        Assert.Equal(UploadCheckStatus.Verified, check.Status);
        Assert.True(blob.Deleted);
        var stored = await ReloadAsync(doctor, item.Id);
        Assert.Equal(EvidenceUploadStatus.Verified, stored.Upload!.Status);
        Assert.Equal(("certificate.pdf", "application/pdf", (long)Pdf.Length, Sha(Pdf)), (stored.File!.FileName, stored.File.ContentType, stored.File.SizeBytes, stored.File.Sha256));
        var files = scope.ServiceProvider.GetRequiredService<IEvidenceFileStore>();
        await using var content = await files.OpenReadAsync(doctor.DesignatedBody, stored.File.StorageKey);
        using var copy = new MemoryStream();
        await content!.CopyToAsync(copy);
        Assert.Equal(Pdf, copy.ToArray());
        Assert.Contains(await AuditAsync(doctor), a => a.Action == "evidence.upload-verified" && a.ActorId == EvidenceUploadService.Checker.UserId);
    }

    [Theory]
    [InlineData("hash", "SHA-256")]
    [InlineData("size", "declared")]
    [InlineData("type", "Png")]
    public async Task Check_FileNotMatchingItsDeclaration_IsRejectedRemovedAndAudited(string mismatch, string reasonMentions)
    {
        var (declaredName, declaredBytes, arriving) = mismatch switch
        {
            "hash" => ("certificate.pdf", Pdf, Pdf.Select((b, i) => i == 10 ? (byte)'X' : b).ToArray()), // same size, other bytes
            "size" => ("certificate.pdf", Pdf, Pdf.Concat("more"u8.ToArray()).ToArray()),
            _ => ("certificate.pdf", Png, Png), // declared as a PDF, the bytes are a PNG
        };
        var (doctor, item) = await DeclareAsync(declaredName, declaredBytes.Length, Sha(declaredBytes));
        var before = EvidenceFiles();
        var blob = new UploadedBlob(arriving);

        var check = await ArriveAsync(doctor, item, blob);

        Assert.Equal(UploadCheckStatus.Rejected, check.Status);
        Assert.Contains(reasonMentions, check.Reason, StringComparison.Ordinal);
        Assert.True(blob.Deleted);
        Assert.Equal(before, EvidenceFiles()); // no copy kept
        var stored = await ReloadAsync(doctor, item.Id);
        Assert.Null(stored.File);
        Assert.Equal((EvidenceUploadStatus.Rejected, check.Reason), (stored.Upload!.Status, stored.Upload.RejectionReason));
        Assert.Contains(await AuditAsync(doctor), a => a.Action == "evidence.upload-rejected" && a.Summary.Contains(check.Reason!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_SecondDeliveryOfAVerifiedFile_ChangesNothing()
    {
        var (doctor, item) = await DeclareAsync("certificate.pdf", Pdf.Length, Sha(Pdf));
        await ArriveAsync(doctor, item, new UploadedBlob(Pdf));
        var first = await ReloadAsync(doctor, item.Id);
        var files = EvidenceFiles();

        var again = await ArriveAsync(doctor, item, new UploadedBlob(Pdf));

        Assert.Equal(UploadCheckStatus.Unexpected, again.Status);
        Assert.Equal(first.File, (await ReloadAsync(doctor, item.Id)).File);
        Assert.Equal(files, EvidenceFiles());
    }

    [Theory]
    [InlineData("not-a-body", "00000000000000000000000000000001", "00000000000000000000000000000002")]
    [InlineData("1-DEMO01", "../../etc", "00000000000000000000000000000002")]
    [InlineData("1-DEMO01", "00000000000000000000000000000001", "00000000000000000000000000000002")]
    public async Task Check_BlobNoItemWaitsFor_IsRemovedUnread(string body, string doctorId, string evidenceId)
    {
        var blob = new UploadedBlob(Pdf);
        var before = EvidenceFiles();

        var check = await Function.CheckAsync(blob, body, doctorId, evidenceId);

        Assert.Equal(UploadCheckStatus.Unexpected, check.Status);
        Assert.True(blob.Deleted);
        Assert.Equal(before, EvidenceFiles());
    }

    [Theory]
    [InlineData("certificate.pdf", 10, "XYZ", "sha256")]
    [InlineData("certificate.exe", 10, null, "fileName")]
    [InlineData("certificate.pdf", 0, null, "sizeBytes")]
    [InlineData("certificate.pdf", 26_214_401, null, "sizeBytes")]
    public async Task Declare_BadDeclaration_IsInvalidNamingTheFieldAndAddsNothing(string fileName, long size, string? sha, string field)
    {
        var doctor = await DoctorAsync();
        var count = doctor.Evidence.Items.Count;

        var result = await Uploads.DeclareAsync(doctor, new Actor(DemoSeeder.DoctorPersonaId, "Doctor"),
            new EvidenceMetadata(SupportingInformationType.Other, "x", UkCalendar.Today(TimeProvider.System).AddDays(-1), null, null, null), fileName, size, sha ?? Sha(Pdf));

        Assert.Equal(ServiceStatus.Invalid, result.Status);
        Assert.Equal(field, Assert.Single(result.Violations).Field);
        Assert.Equal(count, (await DoctorAsync()).Evidence.Items.Count);
    }

    [Fact]
    public async Task Declare_SameFileTwice_IsAConflict()
    {
        await DeclareAsync("certificate.pdf", Pdf.Length, Sha(Pdf));

        var again = await Uploads.DeclareAsync(await DoctorAsync(), new Actor(DemoSeeder.DoctorPersonaId, "Doctor"),
            new EvidenceMetadata(SupportingInformationType.Other, "Again", UkCalendar.Today(TimeProvider.System).AddDays(-1), null, null, null), "copy.pdf", Pdf.Length, Sha(Pdf));

        Assert.Equal(ServiceStatus.Conflict, again.Status);
    }
}
