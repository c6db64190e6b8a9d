using Microsoft.Extensions.DependencyInjection;
using Revalidation.Api.Security;
using Revalidation.Core.Store;
using Revalidation.Server.Demo;

namespace Revalidation.Functions.Tests.Support;

/// <summary>Both hosts, each on its own temporary data with the same demo seed, and demo tokens valid on both.</summary>
public sealed class TwoHosts : IAsyncLifetime
{
    public FunctionsHost Functions { get; private set; } = null!;

    public ServerHost Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var functions = FunctionsHost.StartAsync();
        Server = new ServerHost();
        _ = Server.AppServices; // starts the Server (migrations, demo seed)
        Functions = await functions;
    }

    public async Task DisposeAsync()
    {
        await Functions.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <summary>A signed demo token for a persona ("doctor", "ro", "md", ...), issued with the shared key.</summary>
    public string Token(string persona) =>
        Functions.Services.GetRequiredService<DemoTokenIssuer>().Issue(DemoSignIn.Personas.Single(p => p.Key == persona));

    public static Task<IReadOnlyDictionary<Guid, string>> DoctorIdsAsync(IServiceProvider services) =>
        DoctorIdsCoreAsync(services.GetRequiredService<IDoctorStore>());

    public static async Task<Guid> DoctorIdAsync(IServiceProvider services, string directoryId) =>
        (await services.GetRequiredService<IDoctorStore>().FindDoctorByDirectoryIdAsync(DemoSeeder.DemoBody, directoryId))?.Id
        ?? throw new InvalidOperationException($"The demo seed has no doctor '{directoryId}'.");

    private static async Task<IReadOnlyDictionary<Guid, string>> DoctorIdsCoreAsync(IDoctorStore doctors) =>
        (await doctors.ListDoctorSummariesAsync(DemoSeeder.DemoBody)).ToDictionary(d => d.Id, d => d.GmcNumber.Value);
}
