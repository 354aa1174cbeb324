using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Airwave.Node.Cli;

/// <summary>
/// Which certificates the CLI accepts from a node whose admin port speaks TLS (<c>airwave.tls.admin = on</c>): those the
/// system trusts, those issued by the certificates of a <c>--cacert</c> file (a self-signed node certificate is its own
/// issuer), or with <c>--insecure</c> any, as curl's options of the same names do.
/// </summary>
internal sealed class AdminTrust(X509Certificate2Collection? authorities, bool insecure)
{
    /// <summary>Reads the PEM certificates of <paramref name="caFile"/>, if given.</summary>
    /// <exception cref="AdminApiException">The file cannot be read or holds no certificate.</exception>
    public static AdminTrust Of(string? caFile, bool insecure)
    {
        if (string.IsNullOrEmpty(caFile))
        {
            return new AdminTrust(null, insecure);
        }

        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new AdminApiException(CliExitCodes.Failed, $"cannot read --cacert {caFile}: {e.Message}");
        }

        return authorities.Count > 0
            ? new AdminTrust(authorities, insecure)
            : throw new AdminApiException(CliExitCodes.Failed, $"--cacert {caFile} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }

    /// <summary>The handler the CLI's HTTP client sends through.</summary>
    public SocketsHttpHandler Handler() => new()
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Accepts },
    };

    private bool Accepts(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (insecure || errors == SslPolicyErrors.None)
        {
            return true;
        }

        // Only an untrusted issuer is forgiven by --cacert; a certificate for another name stays refused.
        if (authorities is null || certificate is not X509Certificate2 leaf || errors != SslPolicyErrors.RemoteCertificateChainErrors)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(authorities);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        return custom.Build(leaf);
    }
}
