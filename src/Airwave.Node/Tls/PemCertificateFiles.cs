namespace Airwave.Node.Tls;

/// <summary>
/// The PEM files a node's TLS certificate comes from: the certificate (followed by its intermediates, as cert-manager and
/// Let's Encrypt write <c>fullchain.pem</c>) and its private key, which may also sit in the certificate file.
/// </summary>
/// <param name="Certificate">Absolute path of the certificate file.</param>
/// <param name="Key">Absolute path of the key file; the certificate file when the key is in there.</param>
internal sealed record PemCertificateFiles(string Certificate, string Key)
{
    /// <summary>Reads both files now, so what is compared with the served certificate is exactly what would be loaded.</summary>
    /// <exception cref="PemCertificateException">A file cannot be read.</exception>
    public PemContents Read() => new(ReadText(Certificate, inKey: false), ReadText(Key, inKey: true), this);

    private static string ReadText(string path, bool inKey)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PemCertificateException(inKey, $"{path} does not exist: give the path of a PEM file (absolute, or relative to the directory the node was started in)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PemCertificateException(inKey, $"{path} cannot be read: {e.Message} (the node's user needs read access to it)");
        }
    }
}
