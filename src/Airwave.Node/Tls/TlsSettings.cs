using System.Globalization;
using Airwave.Hocon.Values;

namespace Airwave.Node.Tls;

/// <summary>
/// <c>airwave.tls</c>: HTTPS and Icecast over TLS on a port of its own beside the plain listener port, and optionally the
/// admin API over TLS, from PEM files that are reloaded when they change. An empty <c>certificate</c> turns TLS off.
/// </summary>
/// <param name="Port">The TLS listener port; 0 when only the admin API is served over TLS.</param>
/// <param name="Files">Where the certificate and key are read from, at start and at every reload.</param>
/// <param name="Admin">True when the admin port speaks TLS (and only TLS) with the same certificate.</param>
/// <param name="ReloadInterval">How often the files are read to see whether they changed.</param>
/// <param name="First">The certificate as loaded at start: a node whose files cannot be served does not start.</param>
internal sealed record TlsSettings(int Port, PemCertificateFiles Files, bool Admin, TimeSpan ReloadInterval, ServerCertificate First)
{
    /// <summary>Reads <c>airwave.tls</c> and loads its certificate; null when TLS is off.</summary>
    /// <exception cref="ConfigurationValueException">A value is malformed, or the files cannot be served; the message names the key and the fix.</exception>
    public static TlsSettings? Read(IConfiguration configuration)
    {
        var section = configuration.GetSection("airwave:tls");
        var admin = section.GetSwitch("admin", false);
        if (section["certificate"] is not { Length: > 0 } certificate)
        {
            return admin
                ? throw section.InvalidValue("admin", "is on, but airwave.tls.certificate is empty: set certificate and key to serve the admin API over TLS, or turn admin off")
                : null;
        }

        var port = int.TryParse(section["port"], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= 65535
            ? number
            : throw section.InvalidValue("port", $"must be a port number, not \"{section["port"]}\"");
        if (port == 0 && !admin)
        {
            throw section.InvalidValue("port", "is 0 and admin is off, so the certificate would serve nothing: set a port (e.g. 8443), turn admin on, or empty certificate to turn TLS off");
        }

        var files = new PemCertificateFiles(Path.GetFullPath(certificate), Path.GetFullPath(section["key"] is { Length: > 0 } key ? key : certificate));
        var reloadInterval = section.GetDuration("reload-interval", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1));
        try
        {
            return new TlsSettings(port, files, admin, reloadInterval, files.Read().Load());
        }
        catch (PemCertificateException e)
        {
            // Named by the key that set the file at fault, so the error carries that key's file and line.
            throw section.InvalidValue(e.InKey && section["key"] is { Length: > 0 } ? "key" : "certificate", e.Message);
        }
    }
}
