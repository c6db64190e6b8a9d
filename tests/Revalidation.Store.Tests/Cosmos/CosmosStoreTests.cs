using System.Net;
using System.Text;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Revalidation.Core.Audit;
using Revalidation.Core.Store;
using Revalidation.Infrastructure.Cosmos;
using Revalidation.Store.Tests.Contract;
using static Revalidation.Store.Tests.Contract.TestData;

namespace Revalidation.Store.Tests.Cosmos;

/// <summary>What the Cosmos adapter adds to the contract: real ETags (412), 404 as null, round trips, and a save that stops between its two writes.</summary>
public sealed class CosmosStoreTests(CosmosServerFixture server) : IClassFixture<CosmosServerFixture>, IAsyncLifetime
{
    private readonly List<IHost> hosts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    [Fact]
    public async Task SaveDoctorAsync_WhenAnotherWriterReplacedTheItem_GetsA412AndReturnsConflict()
    {
        var (store, services) = await StartAsync();
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();
        Assert.True((await store.Doctors.SaveDoctorAsync(doctor, [])).Saved);

        // Another writer changes the item behind the store's back: the item's _etag moves on.
        var container = Container(services);
        var raw = await container.ReadItemStreamAsync($"doctor:{doctor.Id:D}", new PartitionKey(code.Value));
        using (raw)
        {
            var replaced = await container.ReplaceItemStreamAsync(raw.Content, $"doctor:{doctor.Id:D}", new PartitionKey(code.Value));
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
            Assert.NotEqual(doctor.ETag, replaced.Headers.ETag);
        }

        Ok(doctor.Concerns.SetOpenLocalProcess(true));
        var outcome = await store.Doctors.SaveDoctorAsync(doctor, [Audit(code, doctor.Id, Admin, "doctor.flagged", Now)]);

        Assert.Equal(SaveStatus.Conflict, outcome.Status);
        Assert.False((await store.Doctors.GetDoctorAsync(code, doctor.Id))!.Concerns.OpenLocalProcess);
        Assert.Empty(await store.AuditLog.QueryAuditAsync(code, new AuditQuery()));
    }

    [Fact]
    public async Task Reads_WhenItemsAreMissing_ReturnNullWithOnePointReadEach()
    {
        var (store, services) = await StartAsync();
        var counter = services.GetRequiredService<CosmosRequestCounter>();
        var code = NewBodyCode();
        await store.Doctors.SaveDoctorAsync(new DoctorBuilder(code).Build(), []);
        counter.Reset();

        Assert.Null(await store.Doctors.GetDoctorAsync(code, Guid.NewGuid()));
        Assert.Null(await store.Bodies.GetDesignatedBodyAsync(NewBodyCode()));
        Assert.Null(await store.Outbox.GetAlertAsync(code, "no-such-alert"));
        Assert.Null(await store.Outbox.GetAlertAsync(code, "a key/with?odd#characters"));

        Assert.Equal(4, counter.DocumentRequests);
    }

    [Fact]
    public async Task ListDoctorSummariesAsync_TakesOneRoundTrip_WhateverTheNumberOfDoctors()
    {
        var (store, services) = await StartAsync();
        var counter = services.GetRequiredService<CosmosRequestCounter>();
        var small = NewBodyCode();
        var large = NewBodyCode();
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await store.Doctors.SaveDoctorAsync(new DoctorBuilder(small).Build(), [])).Saved);
        }

        for (var i = 0; i < 60; i++)
        {
            Assert.True((await store.Doctors.SaveDoctorAsync(new DoctorBuilder(large).WithAppraisalAndEvidence().Build(), [])).Saved);
        }

        counter.Reset();
        Assert.Equal(3, (await store.Doctors.ListDoctorSummariesAsync(small)).Count);
        var forSmall = counter.DocumentRequests;
        counter.Reset();
        Assert.Equal(60, (await store.Doctors.ListDoctorSummariesAsync(large)).Count);
        var forLarge = counter.DocumentRequests;

        Assert.Equal(1, forSmall);
        Assert.Equal(1, forLarge);
    }

    [Fact]
    public async Task SaveDoctorAsync_WhenItStopsBetweenTheItemWriteAndTheAuditFlush_LosesNoAuditAndShowsItOnce()
    {
        var failing = new FailAuditWrites();
        var (crashing, _) = await StartAsync(failing);
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();
        var created = Audit(code, doctor.Id, Admin, "doctor.created", Now);

        // The item (with its audit inside) is written; then the audit item write fails, as a crash would stop it.
        failing.Armed = true;
        await Assert.ThrowsAsync<CosmosException>(() => crashing.Doctors.SaveDoctorAsync(doctor, [created]));
        Assert.True(failing.Failures > 0);

        // Another process: the change is there, and so is its audit event: once, however often it is asked.
        var (store, _) = await StartAsync();
        Assert.Equal([created], await store.AuditLog.QueryAuditAsync(code, new AuditQuery()));
        Assert.Equal([created], await store.AuditLog.QueryAuditAsync(code, new AuditQuery(DoctorId: doctor.Id)));
        var read = await store.Doctors.GetDoctorAsync(code, doctor.Id);
        Assert.NotNull(read);

        // And the record goes on being saved with the ETag read after the failure.
        Ok(read.Concerns.SetOpenLocalProcess(true));
        var flagged = Audit(code, doctor.Id, Admin, "doctor.flagged", Now.AddMinutes(1));
        Assert.Equal(SaveStatus.Saved, (await store.Doctors.SaveDoctorAsync(read, [flagged])).Status);
        Assert.Equal([flagged, created], await store.AuditLog.QueryAuditAsync(code, new AuditQuery()));
    }

    [Fact]
    public async Task GetDoctorAsync_WhenTheLastSaveStoppedBeforeItsAuditFlush_FlushesBeforeHandingOutAnETag()
    {
        var failing = new FailAuditWrites();
        var (crashing, _) = await StartAsync(failing);
        var code = NewBodyCode();
        var doctor = new DoctorBuilder(code).Build();
        Assert.True((await crashing.Doctors.SaveDoctorAsync(doctor, [])).Saved);
        var stale = (await crashing.Doctors.GetDoctorAsync(code, doctor.Id))!;
        Ok(doctor.Concerns.SetGmcInvestigation(true));
        var investigation = Audit(code, doctor.Id, ResponsibleOfficer, "doctor.investigation", Now);
        failing.Armed = true;
        await Assert.ThrowsAsync<CosmosException>(() => crashing.Doctors.SaveDoctorAsync(doctor, [investigation]));

        // A reader in another process gets the saved change and an ETag to save against; the pending event is kept.
        var (store, _) = await StartAsync();
        var read = (await store.Doctors.GetDoctorAsync(code, doctor.Id))!;
        Ok(read.Concerns.SetOpenLocalProcess(true));
        Assert.Equal(SaveStatus.Saved, (await store.Doctors.SaveDoctorAsync(read, [])).Status);
        Ok(stale.Concerns.SetOpenLocalProcess(true));

        Assert.Equal(SaveStatus.Conflict, (await store.Doctors.SaveDoctorAsync(stale, [])).Status);
        Assert.True((await store.Doctors.GetDoctorAsync(code, doctor.Id))!.Concerns.UnderGmcInvestigation);
        Assert.Equal([investigation], await store.AuditLog.QueryAuditAsync(code, new AuditQuery()));
    }

    [Fact]
    public async Task SaveDoctorAsync_WhenAClaimWasLeftByAFailedCreate_LetsAnotherDoctorTakeTheGmcNumberOnlyAfterTheGrace()
    {
        var code = NewBodyCode();
        var gmc = NewGmcNumber();
        var (store, services) = await StartAsync();

        // A claim naming a doctor who was never written (its save stopped after claiming), claimed just now.
        var container = Container(services);
        var claim = new Dictionary<string, object>
        {
            ["id"] = $"gmc:{gmc.Value}",
            ["designatedBodyId"] = "_gmc",
            ["type"] = "gmcClaim",
            ["gmcNumber"] = gmc.Value,
            ["doctorBody"] = code.Value,
            ["doctorId"] = Guid.NewGuid(),
            ["claimedAt"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        };
        await container.CreateItemAsync(claim, new PartitionKey("_gmc"));

        var whileInFlight = await store.Doctors.SaveDoctorAsync(new DoctorBuilder(code).WithGmcNumber(gmc).Build(), []);

        claim["claimedAt"] = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();
        await container.UpsertItemAsync(claim, new PartitionKey("_gmc"));
        var afterGrace = await store.Doctors.SaveDoctorAsync(new DoctorBuilder(code).WithGmcNumber(gmc).Build(), []);

        Assert.Equal(SaveStatus.DuplicateGmcNumber, whileInFlight.Status);
        Assert.Equal(SaveStatus.Saved, afterGrace.Status);
    }

    private async Task<(StorePorts Store, IServiceProvider Services)> StartAsync(RequestHandler? extra = null)
    {
        var host = await server.StartHostAsync(configure: builder =>
        {
            builder.Services.AddSingleton<CosmosRequestCounter>();
            builder.Services.AddSingleton<RequestHandler>(sp => sp.GetRequiredService<CosmosRequestCounter>());
            if (extra is not null)
            {
                builder.Services.AddSingleton(extra);
            }
        });
        hosts.Add(host);
        return (StorePorts.From(host.Services), host.Services);
    }

    private static Container Container(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<CosmosStoreOptions>>().Value;
        return services.GetRequiredService<CosmosClient>().GetContainer(options.DatabaseName, options.ContainerName);
    }

    /// <summary>When armed, fails every write of an audit item, as a process stopping between the two writes of a save would.</summary>
    private sealed class FailAuditWrites : RequestHandler
    {
        private int failures;

        public volatile bool Armed;

        public int Failures => failures;

        public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
        {
            if (Armed && request.Method == HttpMethod.Post && request.Content is { CanSeek: true } content)
            {
                var body = await new StreamReader(content, Encoding.UTF8, leaveOpen: true).ReadToEndAsync(cancellationToken);
                content.Position = 0;
                if (body.StartsWith("{\"id\":\"audit:", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref failures);
                    return new ResponseMessage(HttpStatusCode.ServiceUnavailable, request, "injected: the process stopped here");
                }
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
