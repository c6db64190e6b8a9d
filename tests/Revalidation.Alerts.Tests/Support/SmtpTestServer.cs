using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using System.IO.Pipelines;
using System.Security.Authentication;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Revalidation.Alerts.Tests.Support;

/// <summary>
/// A real SMTP server in-process (the SmtpServer package) on 127.0.0.1 and a free port, receiving real MailKit
/// traffic. It keeps every message it accepted; <see cref="Reply"/> makes it answer the end of DATA with another
/// reply (421, 451, 550…), <see cref="RejectRecipients"/> refuses RCPT TO with 550, and <see cref="Delay"/> makes it
/// slow to answer the end of DATA.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly SmtpServer.SmtpServer server;
    private readonly Task running;

    private SmtpTestServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new NoDelayListenerFactory());
        services.Add(new Store(this));
        services.Add(new Filter(this));
        server = new SmtpServer.SmtpServer(options, services);
        running = server.StartAsync(stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    /// <summary>The reply to the end of DATA for a message; null accepts it (250).</summary>
    public Func<MimeMessage, SmtpResponse?>? Reply { get; set; }

    /// <summary>Every message offered, accepted or not.</summary>
    public ConcurrentQueue<MimeMessage> Offered { get; } = new();

    public bool RejectRecipients { get; set; }

    public TimeSpan Delay { get; set; }

    public static async Task<SmtpTestServer> StartAsync()
    {
        var server = new SmtpTestServer(FreePort());
        await WaitUntilListeningAsync(server.Port);
        return server;
    }

    public static SmtpResponse Code(int code, string text) => new((SmtpReplyCode)code, text);

    /// <summary>A port on 127.0.0.1 with nothing listening (for "connection refused").</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public IReadOnlyList<MimeMessage> To(string address) =>
        Messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        server.Shutdown();
        try
        {
            await running.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // stopped
        }

        stop.Dispose();
    }

    private static async Task WaitUntilListeningAsync(int port)
    {
        // Starting the listener is asynchronous: connect until it answers (bounded), or fail loudly.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(20);
            }
        }

        throw new InvalidOperationException($"The test SMTP server did not start on port {port}.");
    }

    /// <summary>
    /// Accepts connections with Nagle's algorithm off. MailKit pipelines MAIL, RCPT and DATA; the library's own listener
    /// writes the replies as separate small segments, and Nagle holds the second back until the client's delayed
    /// ACK (40 ms on Linux), which would make every message in these tests take 40 ms for nothing.
    /// </summary>
    private sealed class NoDelayListenerFactory : IEndpointListenerFactory
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition) => new Listener(endpointDefinition.Endpoint);

        private sealed class Listener : IEndpointListener
        {
            private readonly TcpListener listener;

            public Listener(IPEndPoint endpoint)
            {
                listener = new TcpListener(endpoint);
                listener.Start();
            }

            public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken);
                client.NoDelay = true;
                context.Properties[EndpointListener.LocalEndPointKey] = client.Client.LocalEndPoint!;
                context.Properties[EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint!;
                return new Pipe(client);
            }

            public void Dispose() => listener.Stop();
        }

        private sealed class Pipe(TcpClient client) : ISecurableDuplexPipe
        {
            public PipeReader Input { get; } = PipeReader.Create(client.GetStream());

            public PipeWriter Output { get; } = PipeWriter.Create(client.GetStream());

            public bool IsSecure => false;

            public SslProtocols SslProtocol => SslProtocols.None;

            public Task UpgradeAsync(System.Security.Cryptography.X509Certificates.X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
                throw new NotSupportedException("The test server speaks plain SMTP on loopback.");

            public void Dispose() => client.Dispose();
        }
    }

    private sealed class Store(SmtpTestServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (owner.Delay > TimeSpan.Zero)
            {
                await Task.Delay(owner.Delay, cancellationToken);
            }

            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            owner.Offered.Enqueue(message);
            if (owner.Reply?.Invoke(message) is { } reply)
            {
                return reply;
            }

            owner.Messages.Enqueue(message);
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(SmtpTestServer owner) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) => Task.FromResult(!owner.RejectRecipients);
    }
}
