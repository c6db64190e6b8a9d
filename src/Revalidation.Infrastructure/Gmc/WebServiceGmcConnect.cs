using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Revalidation.Core.DesignatedBodies;
using Revalidation.Core.Gmc;

namespace Revalidation.Infrastructure.Gmc;

/// <summary>
/// The web-service adapter of <see cref="IGmcConnect"/>: each body configured <c>WebService</c> gets its own
/// <see cref="GmcSoapClient"/> (its URL and account); every other body takes the manual route.
/// </summary>
public sealed class WebServiceGmcConnect : IGmcConnect
{
    private readonly Dictionary<DesignatedBodyCode, GmcSoapClient> clients = [];

    public WebServiceGmcConnect(IHttpClientFactory httpClients, IOptions<GmcOptions> options, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(httpClients);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var settings = options.Value;
        foreach (var (code, body) in settings.Bodies.Where(b => b.Value?.Mode == GmcMode.WebService).OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            clients[DesignatedBodyCode.Parse(code)] = new GmcSoapClient(httpClients.CreateClient(GmcServiceCollectionExtensions.HttpClientName), new Uri(body.Url!),
                body.Username!, body.Password!, settings.Timeout, loggers.CreateLogger<GmcSoapClient>());
        }

        WebServiceBodies = [.. clients.Keys];
    }

    public IReadOnlyList<DesignatedBodyCode> WebServiceBodies { get; }

    public GmcMode ModeOf(DesignatedBodyCode body) => clients.ContainsKey(body) ? GmcMode.WebService : GmcMode.Manual;

    public Task<GmcRecommendationAnswer> TryRecommendationV2Async(DesignatedBodyCode body, GmcRecommendationRequest request, CancellationToken cancellationToken = default) =>
        Client(body, "TryRecommendationV2").TryRecommendationV2Async(request, cancellationToken);

    public Task<GmcStatusAnswer> CheckRecommendationStatusAsync(DesignatedBodyCode body, GmcStatusRequest request, CancellationToken cancellationToken = default) =>
        Client(body, "CheckRecommendationStatus").CheckRecommendationStatusAsync(body.Value, request, cancellationToken);

    public Task<GmcDoctorsAnswer> GetDoctorsForDbAsync(DesignatedBodyCode body, string clientRequestId, string internalUser, CancellationToken cancellationToken = default) =>
        Client(body, "GetDoctorsForDB").GetDoctorsForDbAsync(body.Value, clientRequestId, internalUser, cancellationToken);

    public Task<GmcConnectionAnswer> TryAddDoctorAsync(DesignatedBodyCode body, GmcConnectionChange change, CancellationToken cancellationToken = default) =>
        Client(body, "TryAddDoctor").TryAddDoctorAsync(body.Value, change, cancellationToken);

    public Task<GmcConnectionAnswer> TryRemoveDoctorAsync(DesignatedBodyCode body, GmcConnectionChange change, CancellationToken cancellationToken = default) =>
        Client(body, "TryRemoveDoctor").TryRemoveDoctorAsync(body.Value, change, cancellationToken);

    private GmcSoapClient Client(DesignatedBodyCode body, string operation) =>
        clients.TryGetValue(body, out var client)
            ? client
            : throw new GmcUnavailableException(GmcFailureKind.NotConfigured, operation, $"designated body {body} uses the manual route (no web-service account is configured).");
}
