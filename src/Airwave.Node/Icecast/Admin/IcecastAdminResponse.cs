using System.Xml.Linq;

namespace Airwave.Node.Icecast.Admin;

/// <summary>The three answers Icecast's admin API gives: an XML document, an <c>&lt;iceresponse&gt;</c> for an action, and its HTML error page.</summary>
/// <remarks>Shapes and statuses as Icecast 2.4.4 writes them (captured from Debian's icecast2), so tools that parse Icecast parse ours.</remarks>
internal static class IcecastAdminResponse
{
    /// <summary>The realm Icecast names in its 401; libshout and admin pages send credentials once they see it.</summary>
    public const string Realm = "Basic realm=\"Icecast2 Server\"";

    /// <summary>A document such as <c>listmounts</c>' <c>&lt;icestats&gt;</c>, 200 <c>text/xml</c>.</summary>
    public static IResult Document(XElement root) =>
        Results.Content(new XDocument(new XDeclaration("1.0", null, null), root).Declaration + "\n" + root.ToString(SaveOptions.DisableFormatting) + "\n", "text/xml; charset=utf-8");

    /// <summary>The outcome of an action (<c>killclient</c>, <c>moveclients</c>, ...): 200 with <c>&lt;return&gt;1&lt;/return&gt;</c> when it was done, 0 when not.</summary>
    public static IResult Action(string message, bool done) =>
        Document(new XElement("iceresponse", new XElement("message", message), new XElement("return", done ? 1 : 0)));

    /// <summary>Icecast's refusal of a request it cannot carry out (unknown mount, missing parameter): 400 with a small HTML page naming the reason.</summary>
    public static IResult Error(string message) =>
        Results.Content(
            $"<html><head><title>Error 400</title></head><body><b>400 - {System.Security.SecurityElement.Escape(message)}</b></body></html>\r\n",
            "text/html; charset=utf-8",
            statusCode: StatusCodes.Status400BadRequest);

    /// <summary>401 naming Icecast's realm, so a browser or libshout asks for (or sends) the admin credentials.</summary>
    public static IResult Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = Realm;
        return Results.Text("You need to authenticate\r\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
    }
}
