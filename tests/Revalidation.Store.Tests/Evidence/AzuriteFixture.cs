using System.Globalization;
using Revalidation.Store.Tests.Standins;

namespace Revalidation.Store.Tests.Evidence;

/// <summary>
/// Azurite's Blob service (pinned in tests/azure-standins), in memory, on a free loopback port, for one test class.
/// Started with <c>--skipApiVersionCheck --loose</c>: the Blob SDK sends a service version Azurite does not know yet.
/// </summary>
public sealed class AzuriteFixture : IDisposable
{
    /// <summary>Azurite's well-known development account (public, documented; not a secret).</summary>
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly LocalServerProcess server = LocalServerProcess.Start(
        Path.Combine("node_modules", "azurite", "dist", "src", "blob", "main.js"),
        port => ["--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture), "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl"],
        "successfully listens");

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{server.Port}/devstoreaccount1;";

    public void Dispose() => server.Dispose();
}
