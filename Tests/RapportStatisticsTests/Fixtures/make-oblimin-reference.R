# Reference values for ObliminRotation: GPArotation 2022.10-2 `oblimin(A, gam, normalize =
# FALSE)` (GPFoblq from T = I), iterated to a gradient norm of 1e-7 (below that the step search stalls in rounding) so the comparison is with
# the converged rotation, plus GPArotation's default stopping point (eps = 1e-5) for scale.
#
#   Rscript make-oblimin-reference.R   (writes oblimin-reference.json next to this script)
#
# Inputs are unrotated minres loadings (psych::fa(r, m, rotate = "none")) stored in the JSON.
suppressMessages({ library(psych); library(psychTools); library(GPArotation) })
stopifnot(packageVersion("GPArotation") == "2022.10.2")
here <- tryCatch(dirname(sys.frame(1)$ofile), error = function(e) NULL)
if (is.null(here)) {
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  here <- if (length(f)) dirname(f) else "."
}
source(file.path(here, "json17.R"))
data(bfi, package = "psychTools")
mat <- function(m) unname(lapply(seq_len(nrow(m)), function(i) unname(as.vector(m[i, ]))))
unrot <- function(x, m) {
  r <- cor(x, use = "pairwise")
  unclass(suppressWarnings(suppressMessages(fa(r, m, fm = "minres", rotate = "none")))$loadings)
}
set.seed(31)
nr <- 400
g <- rnorm(nr); grp <- matrix(rnorm(nr * 4), nr)
sim <- sapply(1:16, function(j) 0.5 * g + 0.5 * grp[, (j - 1) %/% 4 + 1] + sqrt(0.5) * rnorm(nr))
cases <- list(
  bfi5 = list(a = unrot(bfi[, 1:25], 5), gam = 0),
  bfiACE3 = list(a = unrot(bfi[, 1:15], 3), gam = 0),
  sim4 = list(a = unrot(sim, 4), gam = 0),
  sim4gam = list(a = unrot(sim, 4), gam = 0.3),
  bfiAC2 = list(a = unrot(bfi[, 1:10], 2), gam = 0))
out <- lapply(cases, function(cs) {
  conv <- oblimin(cs$a, gam = cs$gam, normalize = FALSE, eps = 1e-7, maxit = 1e5)
  dflt <- oblimin(cs$a, gam = cs$gam, normalize = FALSE)
  list(a = mat(cs$a), gamma = cs$gam, loadings = mat(unclass(conv$loadings)), phi = mat(conv$Phi),
       converged = conv$convergence, criterion = tail(conv$Table[, 2], 1),
       defaultLoadings = mat(unclass(dflt$loadings)))
})
write17(list(GPArotation = as.character(packageVersion("GPArotation")), cases = out),
        file.path(here, "oblimin-reference.json"))
