using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;

namespace Airwave.IntegrationTests.IcecastAdmin;

/// <summary>Calls Icecast's admin URLs as AzuraCast and Icecast's admin pages do: a GET with Basic credentials, the answer parsed as XML.</summary>
/// <param name="server">The server's root, e.g. <c>http://127.0.0.1:8000/</c> (ours or a real Icecast).</param>
/// <param name="user">The Basic user, <c>admin</c> unless a test asks as someone else.</param>
/// <param name="password">The Basic password.</param>
internal sealed class IcecastAdminClient(Uri server, string user = "admin", string password = IcecastAdminNode.AdminPassword) : IDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The status, content type and body of <c>GET <paramref name="pathAndQuery"/></c>.</summary>
    public async Task<(int Status, string? ContentType, string Body, HttpResponseMessage Response)> GetAsync(string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, pathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        var response = await http.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(), response);
    }

    /// <summary>The XML document at <paramref name="pathAndQuery"/>; fails unless it is a 200 <c>text/xml</c>.</summary>
    public async Task<XDocument> XmlAsync(string pathAndQuery)
    {
        var (status, type, body, response) = await GetAsync(pathAndQuery);
        response.Dispose();
        Assert.True(status == 200, $"{pathAndQuery}: {status} {body}");
        Assert.Equal("text/xml", type);
        return XDocument.Parse(body);
    }

    /// <summary>The <c>&lt;source&gt;</c> element of <paramref name="mount"/> in <c>listclients</c>.</summary>
    public async Task<XElement> ClientsAsync(string mount)
    {
        var document = await XmlAsync("/admin/listclients?mount=" + Uri.EscapeDataString(mount));
        return Assert.Single(document.Root!.Elements("source"), s => (string?)s.Attribute("mount") == mount);
    }

    public void Dispose() => http.Dispose();
}
