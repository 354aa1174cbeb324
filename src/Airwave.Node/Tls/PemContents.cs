using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Airwave.Node.Tls;

/// <summary>
/// The text of a certificate file and of its key file as read at one moment. Two reads are equal when neither file
/// changed, whatever their modification times say: a Kubernetes Secret is swapped through a symlink whose target changes
/// while the file names (and their own times) stay.
/// </summary>
internal sealed record PemContents(string CertificateText, string KeyText, PemCertificateFiles Files)
{
    /// <summary>The certificate with its private key, and the intermediates that follow it in the certificate file.</summary>
    /// <exception cref="PemCertificateException">The files hold no certificate, no key, or a key of another certificate.</exception>
    public ServerCertificate Load()
    {
        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPem(CertificateText);
        }
        catch (CryptographicException e)
        {
            throw new PemCertificateException(inKey: false, $"{Files.Certificate} is not a readable PEM certificate: {e.Message}");
        }

        if (chain.Count == 0)
        {
            throw new PemCertificateException(inKey: false, $"{Files.Certificate} holds no certificate (a PEM block -----BEGIN CERTIFICATE-----)");
        }

        X509Certificate2 leaf;
        try
        {
            leaf = X509Certificate2.CreateFromPem(CertificateText, KeyText);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // No key, or one that is not PEM, is a CryptographicException; a key of another certificate an ArgumentException.
            foreach (var certificate in chain)
            {
                certificate.Dispose();
            }

            throw new PemCertificateException(
                inKey: true,
                $"{Files.Key} holds no unencrypted private key that matches the certificate in {Files.Certificate} ({e.Message}); both files must come from the same issue: " +
                "`openssl x509 -noout -pubkey -in CERT` and `openssl pkey -pubout -in KEY` print the same key");
        }

        // The first certificate is the leaf (now with its key); the rest are sent with it so clients can build the chain.
        chain[0].Dispose();
        chain.RemoveAt(0);
        return new ServerCertificate(leaf, chain, this);
    }
}
