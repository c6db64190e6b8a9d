using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.Store;
using static Revalidation.Store.Tests.Contract.TestData;

namespace Revalidation.Store.Tests.Contract;

/// <summary>
/// What every adapter of <see cref="IDesignatedBodyStore"/> must do (docs/decisions/0001), written against the ports only.
/// An adapter's test class subclasses this and says how to open its store (<see cref="IStoreSource"/>); nothing else changes.
/// </summary>
public abstract class DesignatedBodyStoreContractTests(IStoreSource source) : StoreContract(source)
{
    // ---- designated bodies ----

    [Fact]
    public async Task SaveDesignatedBodyAsync_WhenNew_IsReadBackWithAnETag()
    {
        var code = NewBodyCode();
        var body = Body(code);
        Ok(body.AddAppraiser(new StaffMember("appraiser-1", "Dr Appraiser")));
        Ok(body.SetContacts("md@example.nhs.uk", "admin@example.nhs.uk"));

        var outcome = await Bodies.SaveDesignatedBodyAsync(body, [Audit(code, null, Admin, "body.created", Now)]);

        Assert.Equal(SaveStatus.Saved, outcome.Status);
        Assert.NotNull(outcome.ETag);
        Assert.Equal(outcome.ETag, body.ETag);
        var read = await Bodies.GetDesignatedBodyAsync(code);
        Assert.NotNull(read);
        Assert.Equal(outcome.ETag, read.ETag);
        Assert.Equal(Json(body), Json(read));
        Assert.Contains(code, await Bodies.ListDesignatedBodiesAsync());
    }

    [Fact]
    public async Task SaveDesignatedBodyAsync_WhenUpdatedWithCurrentETag_SavesAndChangesETag()
    {
        var code = NewBodyCode();
        var body = Body(code);
        await SaveAsync(body);
        var firstETag = body.ETag;
        var read = (await Bodies.GetDesignatedBodyAsync(code))!;
        Ok(read.Rename("Southfield Hospitals NHS Trust"));

        var outcome = await Bodies.SaveDesignatedBodyAsync(read, []);

        Assert.Equal(SaveStatus.Saved, outcome.Status);
        Assert.NotEqual(firstETag, outcome.ETag);
        var again = await Bodies.GetDesignatedBodyAsync(code);
        Assert.Equal("Southfield Hospitals NHS Trust", again!.Name);
        Assert.Equal(outcome.ETag, again.ETag);
    }

    [Fact]
    public async Task SaveDesignatedBodyAsync_WhenETagIsStale_ReturnsConflictAndKeepsFirstWrite()
    {
        var code = NewBodyCode();
        await SaveAsync(Body(code));
        var first = (await Bodies.GetDesignatedBodyAsync(code))!;
        var second = (await Bodies.GetDesignatedBodyAsync(code))!;
        Ok(first.Rename("First Trust"));
        Ok(second.Rename("Second Trust"));

        var firstOutcome = await Bodies.SaveDesignatedBodyAsync(first, []);
        var secondOutcome = await Bodies.SaveDesignatedBodyAsync(second, [Audit(code, null, Admin, "body.renamed", Now)]);

        Assert.Equal(SaveStatus.Saved, firstOutcome.Status);
        Assert.Equal(SaveStatus.Conflict, secondOutcome.Status);
        Assert.Equal("First Trust", (await Bodies.GetDesignatedBodyAsync(code))!.Name);
        Assert.Empty(await AuditLog.QueryAuditAsync(code, new AuditQuery()));
    }

    [Fact]
    public async Task SaveDesignatedBodyAsync_WhenCreatedTwice_ReturnsConflict()
    {
        var code = NewBodyCode();
        await SaveAsync(Body(code, "First Trust"));

        var outcome = await Bodies.SaveDesignatedBodyAsync(Body(code, "Second Trust"), []);

        Assert.Equal(SaveStatus.Conflict, outcome.Status);
        Assert.Equal("First Trust", (await Bodies.GetDesignatedBodyAsync(code))!.Name);
    }

    [Fact]
    public async Task GetDesignatedBodyAsync_WhenMissing_ReturnsNull() =>
        Assert.Null(await Bodies.GetDesignatedBodyAsync(NewBodyCode()));
}
