using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Revalidation.Alerts.Tests.Support;

/// <summary>
/// A misbehaving SMTP server on a raw socket, for the faults a real server library will not produce on purpose:
/// one that drops the connection in the middle of DATA, and one that accepts the connection and never speaks.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    public enum Fault
    {
        DropMidData,
        NeverGreets,
    }

    private readonly TcpListener listener;
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private readonly Fault fault;
    private readonly List<TcpClient> clients = [];

    public ScriptedSmtpServer(Fault fault)
    {
        this.fault = fault;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>How many bytes of message content arrived before the drop.</summary>
    public int DataBytesReceived { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        lock (clients)
        {
            clients.ForEach(c => c.Dispose());
        }

        try
        {
            await accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            lock (clients)
            {
                clients.Add(client);
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            if (fault == Fault.NeverGreets)
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
                return;
            }

            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            async Task Say(string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), stop.Token);
            await Say("220 localhost ESMTP scripted");
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        await Say("250 localhost");
                        break;
                    case "MAIL" or "RCPT" or "RSET" or "NOOP":
                        await Say("250 OK");
                        break;
                    case "DATA":
                        await Say("354 End data with <CR><LF>.<CR><LF>");

                        // Take the first line of the content, then drop the connection without a reply.
                        DataBytesReceived = (await reader.ReadLineAsync(stop.Token))?.Length ?? 0;
                        client.Client.LingerState = new LingerOption(true, 0);
                        client.Close();
                        return;
                    case "QUIT":
                        await Say("221 Bye");
                        return;
                    default:
                        await Say("500 unknown command");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // the client went away, or the test ended
        }
    }
}
