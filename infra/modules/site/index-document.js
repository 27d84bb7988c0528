// CloudFront Function (cloudfront-js-2.0), viewer request: a folder's address answers with its
// index.html. An S3 REST origin behind origin access control serves no index document below
// the root, so the page of a language, /de/, would be a 404 without it. /de (no slash) is
// redirected to /de/, where the page's relative links and its canonical address are; a file,
// /stats.html or /de/stats.html, passes as it is.
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.charAt(uri.length - 1) === "/") {
    request.uri = uri + "index.html";
    return request;
  }
  var last = uri.substring(uri.lastIndexOf("/") + 1);
  if (last.indexOf(".") === -1) {
    var query = request.querystring;
    var keys = Object.keys(query);
    var search = keys.length === 0 ? "" : "?" + keys.map(function (k) {
      var v = query[k];
      return v.value === "" ? k : k + "=" + v.value;
    }).join("&");
    return {
      statusCode: 301,
      statusDescription: "Moved Permanently",
      headers: { location: { value: uri + "/" + search } },
    };
  }
  return request;
}
