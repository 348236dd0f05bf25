/* Starts Swagger UI (served from /static/, never a CDN) on the OpenAPI URL the page names. */
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || !window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({
    url: node.getAttribute("data-openapi-url"),
    domNode: node,
    deepLinking: true,
    validatorUrl: null, // the default would send the description to validator.swagger.io
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
})();
