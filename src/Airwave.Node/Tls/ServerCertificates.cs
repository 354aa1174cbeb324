using System.Net.Security;
using Airwave.Hocon.Values;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Airwave.Node.Tls;

/// <summary>
/// The certificate each new TLS handshake gets, reloaded from its files while the node runs (cert-manager or certbot
/// renewing it) without a restart; connections already open keep the certificate they began with.
/// </summary>
/// <remarks>
/// The files are read every <see cref="TlsSettings.ReloadInterval"/> and compared by content rather than modification
/// time: a Kubernetes Secret volume swaps a symlink two levels up, and the file names keep their times. A change that
/// does not load (a half-written file, a key of another certificate) keeps the certificate being served and is logged
/// once as an error, not at every poll; the next change is tried again.
/// </remarks>
internal sealed class ServerCertificates : BackgroundService
{
    private readonly TlsSettings settings;
    private readonly ILogger<ServerCertificates> log;
    private volatile ServerCertificate current;
    private PemContents? refused;
    private string? unreadable;

    public ServerCertificates(TlsSettings settings, ILogger<ServerCertificates> log)
    {
        this.settings = settings;
        this.log = log;
        current = settings.First;
    }

    /// <summary>Makes <paramref name="listen"/> speak TLS, each handshake with the certificate loaded last; connection middleware added after it reads and writes decrypted bytes.</summary>
    /// <remarks>
    /// HTTP/1.1 only: Icecast sources and listeners speak HTTP/1.x, and offering h2 would take browsers off the connection
    /// level path (raw listeners, kept-alive segments) that the plain port serves them on.
    /// </remarks>
    public ListenOptions UseOn(ListenOptions listen)
    {
        listen.Protocols = HttpProtocols.Http1;
        return listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = current.Context,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            }),
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        log.LogInformation(
            "TLS {Where} with {Certificate} from {CertificateFile} and {KeyFile}, read again every {Interval}",
            settings.Port == 0 ? "on the admin port" : settings.Admin ? $"on port {settings.Port} and the admin port" : $"on port {settings.Port}",
            current, settings.Files.Certificate, settings.Files.Key, HoconDuration.Format(settings.ReloadInterval));
        using var timer = new PeriodicTimer(settings.ReloadInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Reload();
            }
        }
        catch (OperationCanceledException)
        {
            // The node stops.
        }
    }

    /// <summary>Serves the files' certificate from now on if they changed and load; else keeps the current one.</summary>
    private void Reload()
    {
        PemContents contents;
        try
        {
            contents = settings.Files.Read();
        }
        catch (PemCertificateException e)
        {
            if (e.Message != unreadable)
            {
                unreadable = e.Message;
                log.LogError("TLS certificate not reloaded, still serving {Certificate}: {Reason}", current, e.Message);
            }

            return;
        }

        unreadable = null;
        if (contents == current.Source || contents == refused)
        {
            return;
        }

        try
        {
            current = contents.Load();
            refused = null;
            log.LogInformation("TLS certificate reloaded: new handshakes get {Certificate}", current);
        }
        catch (PemCertificateException e)
        {
            refused = contents;
            log.LogError("TLS certificate not reloaded, still serving {Certificate}: {Reason}", current, e.Message);
        }
    }
}
