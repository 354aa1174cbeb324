namespace Airwave.Node.Tls;

/// <summary>A certificate or key file that cannot be served, with what is wrong and how to fix it.</summary>
internal sealed class PemCertificateException : Exception
{
    public PemCertificateException()
        : this(inKey: false, "the certificate cannot be loaded")
    {
    }

    public PemCertificateException(string message)
        : this(inKey: false, message)
    {
    }

    public PemCertificateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PemCertificateException(bool inKey, string message)
        : base(message) => InKey = inKey;

    /// <summary>True when the key file is at fault (so the error names <c>airwave.tls.key</c>), false for the certificate file.</summary>
    public bool InKey { get; }
}
