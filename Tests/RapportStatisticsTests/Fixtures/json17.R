# Shared helper for the reference scripts: jsonlite prints at most 15 significant digits,
# which is not enough to test to 1e-10 relative. exact17() marks every number in a nested
# list for verbatim output with 17 significant digits ("%.17g" round-trips a double).
# Non-finite numbers become null.
library(jsonlite)
fmt17 <- function(v) ifelse(is.finite(v), sprintf("%.17g", v), "null")
exact17 <- function(x) {
  if (is.list(x)) return(lapply(x, exact17))
  if (is.numeric(x) && is.null(dim(x))) {
    if (length(x) == 1 && is.null(names(x))) return(structure(fmt17(x), class = "json"))
    if (!is.null(names(x))) return(lapply(as.list(x), exact17))
    return(structure(paste0("[", paste(fmt17(x), collapse = ","), "]"), class = "json"))
  }
  x
}
write17 <- function(x, path) {
  writeLines(toJSON(exact17(x), auto_unbox = TRUE, json_verbatim = TRUE, pretty = FALSE), path)
}
