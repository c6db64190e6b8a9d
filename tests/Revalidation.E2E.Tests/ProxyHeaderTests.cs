using System.Net;
using System.Net.Http.Json;

namespace Revalidation.E2E.Tests;

/// <summary>
/// Issue 14, forwarded headers: behind a configured proxy the Server sees the caller's address (so the demo sign-in,
/// loopback only, refuses a caller the proxy forwards), and without one it believes no X-Forwarded-For at all (so a forged
/// "127.0.0.1" cannot pass that check). The real Server as a child process, on loopback.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class ProxyHeaderTests
{
    [Fact]
    public async Task ForwardedFor_IsBelievedOnlyFromAConfiguredProxy()
    {
        var folder = Path.Combine(Path.GetTempPath(), "revalidation-proxy", Guid.NewGuid().ToString("N"));
        try
        {
            // The test client is the "proxy" (127.0.0.1); the caller it forwards is elsewhere.
            await using (var behindProxy = await FaultServer.StartAsync(folder, new Dictionary<string, string> { ["ForwardedHeaders__KnownProxies__0"] = "127.0.0.1" }))
            {
                using var forwarded = await TokenRequestAsync(behindProxy, "203.0.113.9");
                using var direct = await TokenRequestAsync(behindProxy, null);

                Assert.Equal(HttpStatusCode.NotFound, forwarded.StatusCode);
                Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
            }

            await using var noProxy = await FaultServer.StartAsync(folder);
            using var ignored = await TokenRequestAsync(noProxy, "203.0.113.9");
            Assert.Equal(HttpStatusCode.OK, ignored.StatusCode); // the header is not believed: the caller is the loopback client it is
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Task<HttpResponseMessage> TokenRequestAsync(FaultServer server, string? forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/demo/token") { Content = JsonContent.Create(new { persona = "admin" }) };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return server.Http.SendAsync(request);
    }
}
