using Microsoft.Extensions.Hosting;

namespace Revalidation.Store.Tests.Contract;

/// <summary>How a contract suite opens an adapter's stores: what an adapter's test class hands to the suite.</summary>
public interface IStoreSource
{
    /// <summary>
    /// Opens another store over this test class's database, independent of those already open (for SQLite: its own
    /// DI container and connections, as a second process would have).
    /// </summary>
    /// <param name="configure">Changes to the host's services (a test's bumped document schemas, say).</param>
    Task<StorePorts> OpenAsync(Action<HostApplicationBuilder>? configure = null);

    /// <summary>Closes every store this test opened, as a shutdown would, then opens the same database again.</summary>
    Task<StorePorts> ReopenAsync();

    /// <summary>Closes every store this test opened.</summary>
    Task CloseAsync();
}

/// <summary>Stores opened as hosts open them: each one a started generic host, stopped and disposed on close.</summary>
public sealed class HostedStoreSource(Func<Action<HostApplicationBuilder>?, Task<IHost>> startHost, Action? beforeReopen = null) : IStoreSource
{
    private readonly List<IHost> hosts = [];

    public async Task<StorePorts> OpenAsync(Action<HostApplicationBuilder>? configure = null)
    {
        var host = await startHost(configure);
        hosts.Add(host);
        return StorePorts.From(host.Services);
    }

    public async Task<StorePorts> ReopenAsync()
    {
        await CloseAsync();
        beforeReopen?.Invoke();
        return await OpenAsync();
    }

    public async Task CloseAsync()
    {
        foreach (var host in hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }

        hosts.Clear();
    }
}
