import Hummingbird

/// What every page and asset carries: a policy that lets a page load only
/// the server's own style sheet and script and be framed by nobody, no
/// referrer, no type sniffing. Pages set their own caching (`no-store` for
/// anything about an applicant or with a form); nothing sets a cookie.
struct PageHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = pageContentSecurityPolicy
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        response.headers[.setCookie] = nil
        return response
    }
}

/// A file constant: a generic type cannot store one, and a computed one was
/// built again for every answer.
private let pageContentSecurityPolicy =
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; "
    + "frame-ancestors 'none'; base-uri 'none'"
