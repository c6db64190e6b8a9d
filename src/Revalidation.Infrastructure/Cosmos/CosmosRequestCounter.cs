using Microsoft.Azure.Cosmos;

namespace Revalidation.Infrastructure.Cosmos;

/// <summary>
/// A <see cref="RequestHandler"/> that counts the operations the client sends (each a round trip to the service;
/// the SDK's own retries and metadata reads happen below it and are not counted), with their request charge. Registered as a <see cref="RequestHandler"/>
/// service it joins the client's pipeline (<see cref="CosmosClientOptions.CustomHandlers"/>); the benchmark and
/// the tests read it to show that a list costs a constant number of round trips, not one per doctor.
/// </summary>
public sealed class CosmosRequestCounter : RequestHandler
{
    private long requests;
    private long documentRequests;
    private double charge;
    private readonly object gate = new();

    /// <summary>Every request sent.</summary>
    public long Requests => Interlocked.Read(ref requests);

    /// <summary>Requests to the container (item reads, writes, queries).</summary>
    public long DocumentRequests => Interlocked.Read(ref documentRequests);

    /// <summary>Request units charged, summed.</summary>
    public double RequestCharge
    {
        get
        {
            lock (gate)
            {
                return charge;
            }
        }
    }

    public void Reset()
    {
        Interlocked.Exchange(ref requests, 0);
        Interlocked.Exchange(ref documentRequests, 0);
        lock (gate)
        {
            charge = 0;
        }
    }

    public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref requests);
        if (request.RequestUri?.OriginalString.Contains("/colls/", StringComparison.Ordinal) == true)
        {
            Interlocked.Increment(ref documentRequests);
        }

        var response = await base.SendAsync(request, cancellationToken);
        lock (gate)
        {
            charge += response.Headers.RequestCharge;
        }

        return response;
    }
}
