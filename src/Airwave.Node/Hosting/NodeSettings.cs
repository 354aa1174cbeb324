using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Airwave.Cluster;
using Airwave.Persistence;
using Microsoft.Extensions.Configuration;

namespace Airwave.Node.Hosting;

/// <summary>The node-level settings: ports, data directory, admin credentials, persistence and the cluster (null: standalone).</summary>
internal sealed record NodeSettings(
    string NodeName,
    string DataDirectory,
    IPAddress HttpBind,
    int HttpPort,
    IPAddress AdminBind,
    int AdminPort,
    string AdminToken,
    string AdminUser,
    string AdminPassword,
    PersistenceOptions Persistence,
    TimeSpan ShutdownPhaseTimeout,
    ClusterOptions? Cluster)
{
    /// <summary>Reads the settings, creating the data directory and the admin token file when needed.</summary>
    /// <exception cref="FormatException">A value is malformed; the message names the key.</exception>
    public static NodeSettings Read(IConfiguration configuration)
    {
        var dataDirectory = Path.GetFullPath(Required(configuration, "airwave:data-dir"));
        Directory.CreateDirectory(dataDirectory);
        var provider = configuration["airwave:persistence:provider"] ?? "sqlite";
        var persistence = provider.ToUpperInvariant() switch
        {
            "SQLITE" => new PersistenceOptions
            {
                Provider = PersistenceProvider.Sqlite,
                DataDirectory = dataDirectory,
                SqliteFileName = configuration["airwave:persistence:sqlite-file"] ?? "airwave.db",
            },
            "POSTGRESQL" => new PersistenceOptions
            {
                Provider = PersistenceProvider.PostgreSql,
                ConnectionString = Required(configuration, "airwave:persistence:connection-string"),
                Schema = configuration["airwave:persistence:schema"] ?? "public",
            },
            _ => throw new FormatException($"airwave.persistence.provider must be sqlite or postgresql, not \"{provider}\""),
        };

        var name = configuration["airwave:node-name"];
        var httpPort = Port(configuration, "airwave:http:port");
        var adminPort = Port(configuration, "airwave:admin:port");
        return new NodeSettings(
            string.IsNullOrEmpty(name) ? Dns.GetHostName() : name,
            dataDirectory,
            Address(configuration, "airwave:http:bind"),
            httpPort,
            Address(configuration, "airwave:admin:bind"),
            adminPort,
            ReadOrCreateAdminToken(configuration["airwave:admin:token"], dataDirectory),
            configuration["airwave:admin:user"] ?? "admin",
            configuration["airwave:admin:password"] ?? "",
            persistence,
            Hocon.ConfigurationValueExtensions.GetDuration(configuration, "airwave:actors:shutdown-phase-timeout", TimeSpan.FromSeconds(10)),
            ClusterSettingsReader.Read(configuration, httpPort, adminPort));
    }

    /// <summary>The configured token, or the one generated at first start and kept in <c>admin.token</c>.</summary>
    private static string ReadOrCreateAdminToken(string? configured, string dataDirectory)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var path = Path.Combine(dataDirectory, "admin.token");
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } existing)
        {
            return existing;
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(path, token + Environment.NewLine);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return token;
    }

    private static string Required(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value ? value : throw new FormatException($"{key.Replace(':', '.')} must be set");

    private static int Port(IConfiguration configuration, string key) =>
        int.TryParse(configuration[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new FormatException($"{key.Replace(':', '.')} must be a port number, not \"{configuration[key]}\"");

    private static IPAddress Address(IConfiguration configuration, string key) =>
        IPAddress.TryParse(configuration[key], out var address)
            ? address
            : throw new FormatException($"{key.Replace(':', '.')} must be an IP address, not \"{configuration[key]}\"");
}
