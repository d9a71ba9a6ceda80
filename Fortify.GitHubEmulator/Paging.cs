using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace Fortify.GitHubEmulator;

/// <summary>GitHub's <c>per_page</c>/<c>page</c> paging with its <c>Link</c> header.</summary>
internal static class Paging
{
    public const int DefaultPerPage = 30;
    public const int MaxPerPage = 100;

    public static IReadOnlyList<T> Page<T>(IReadOnlyList<T> all, HttpContext http, GitHubUrls urls)
    {
        var query = http.Request.Query;
        var perPage = Math.Clamp(int.TryParse(query["per_page"], CultureInfo.InvariantCulture, out var p) && p > 0 ? p : DefaultPerPage, 1, MaxPerPage);
        var page = int.TryParse(query["page"], CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;
        var last = Math.Max(1, (all.Count + perPage - 1) / perPage);

        var links = new List<string>();
        if (page > 1)
        {
            links.Add(Link(page - 1, "prev"));
        }

        if (page < last)
        {
            links.Add(Link(page + 1, "next"));
            links.Add(Link(last, "last"));
        }

        if (page > 1)
        {
            links.Add(Link(1, "first"));
        }

        if (links.Count > 0)
        {
            http.Response.Headers.Link = string.Join(", ", links);
        }

        return all.Skip((page - 1) * perPage).Take(perPage).ToList();

        string Link(int target, string rel)
        {
            var parameters = query.Where(q => q.Key is not ("page" or "per_page")).ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
            parameters["per_page"] = perPage.ToString(CultureInfo.InvariantCulture);
            parameters["page"] = target.ToString(CultureInfo.InvariantCulture);
            return $"<{QueryHelpers.AddQueryString(urls.Html + http.Request.Path, parameters)}>; rel=\"{rel}\"";
        }
    }
}
