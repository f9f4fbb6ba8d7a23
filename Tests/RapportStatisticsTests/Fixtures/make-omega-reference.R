# Reference values for Rapport's matrix toolkit, omega, split-half, Guttman lambdas and
# the first principal component, computed by psych 2.2.9.
#
#   Rscript make-omega-reference.R     (writes omega-reference.json next to this script)
#
# Inputs are correlation matrices, stored in the JSON, so the Swift tests check the
# algorithms on exactly psych's input. Two matrices per data set:
#   cor      = cor(x, use = "pairwise")          (what fa / omega use)
#   cov2cor  = cov2cor(cov(x, use = "pairwise")) (what splitHalf and alpha use)
suppressMessages({ library(psych); library(psychTools); library(jsonlite) })
stopifnot(packageVersion("psych") == "2.2.9")

data(bfi, package = "psychTools")
reversed <- c("A1", "C4", "C5", "E1", "E2", "O2", "O5")
x <- bfi[, 1:25]
# Reverse with the declared 1..6 range (7 - x), as Rapport does from the instrument.
for (v in reversed) x[[v]] <- 7 - x[[v]]
scales <- list(
  agreeableness     = c("A1", "A2", "A3", "A4", "A5"),
  conscientiousness = c("C1", "C2", "C3", "C4", "C5"),
  extraversion      = c("E1", "E2", "E3", "E4", "E5"),
  neuroticism       = c("N1", "N2", "N3", "N4", "N5"),
  openness          = c("O1", "O2", "O3", "O4", "O5"))
sets <- lapply(scales, function(items) x[, items])

# Synthetic seeded data: one factor, 8 and 12 items on a 1..5 scale, items 3 and 7
# reverse-keyed in the raw data (and reversed back as 6 - x), 3% of cells missing.
set.seed(20261126)
synth <- function(n, k, loadings) {
  f <- rnorm(n)
  raw <- sapply(seq_len(k), function(j) {
    z <- loadings[j] * f + sqrt(1 - loadings[j]^2) * rnorm(n)
    as.numeric(cut(z, c(-Inf, -1.2, -0.4, 0.4, 1.2, Inf)))
  })
  raw[, c(3, 7)] <- 6 - raw[, c(3, 7)]
  raw[matrix(runif(n * k) < 0.03, n)] <- NA
  keyed <- raw
  keyed[, c(3, 7)] <- 6 - keyed[, c(3, 7)]
  colnames(keyed) <- paste0("i", seq_len(k))
  as.data.frame(keyed)
}
sets$synthetic8 <- synth(400, 8, c(.7, .6, .5, .65, .4, .55, .6, .3))
sets$synthetic12 <- synth(300, 12, rep(c(.7, .5, .6, .4), 3))
# An odd number of items for psych's half-enumeration quirk.
sets$synthetic7 <- sets$synthetic8[, 1:7]

mat <- function(m) unname(lapply(seq_len(nrow(m)), function(i) unname(m[i, ])))

out <- list(psych = as.character(packageVersion("psych")), sets = list())
for (nm in names(sets)) {
  d <- sets[[nm]]
  Rc <- cor(d, use = "pairwise")
  Rs <- cov2cor(cov(d, use = "pairwise"))
  ev <- eigen(Rc, symmetric = TRUE)
  om <- suppressWarnings(suppressMessages(omega(Rc, nfactors = 1, plot = FALSE)))
  fa1 <- suppressWarnings(suppressMessages(fa(Rc, 1, fm = "minres", rotate = "none")))
  L <- as.vector(fa1$loadings)
  u2 <- as.vector(om$schmid$sl[, "u2"])
  g <- as.vector(om$schmid$sl[, "g"])
  sh <- suppressWarnings(splitHalf(Rs, check.keys = FALSE))
  shRaw <- suppressWarnings(splitHalf(Rs, check.keys = FALSE, raw = TRUE))
  gut <- suppressWarnings(suppressMessages(guttman(Rs)))
  pc <- principal(Rc, 1, rotate = "none")
  k <- ncol(d)
  out$sets[[nm]] <- list(
    items = colnames(d),
    n = nrow(d),
    cor = mat(Rc),
    cov2cor = mat(Rs),
    eigenvalues = ev$values,
    smc = unname(smc(Rc)),
    inverse = mat(solve(Rc)),
    omega = list(
      total = om$omega.tot,
      totalModelImplied = sum(g)^2 / (sum(g)^2 + sum(u2)),
      loadings = g,
      uniquenesses = u2,
      faLoadings = L),
    splitHalf = list(
      maxrb = sh$maxrb, minrb = sh$minrb, meanr = sh$meanr,
      lambda2 = sh$lambda2, lambda6 = sh$lambda6, alpha = sh$alpha,
      count = length(shRaw$raw), raw = shRaw$raw),
    guttman = list(
      lambda1 = gut$lambda.1, lambda2 = gut$lambda.2, lambda3 = gut$lambda.3,
      lambda4 = gut$lambda.4, lambda5 = gut$lambda.5, lambda6 = gut$lambda.6),
    principal = list(
      loadings = as.vector(pc$loadings), eigenvalue = pc$values[1])
  )
}

# A singular matrix: item 4 = item 1 + item 2 (exactly), psych falls back to Pinv.
set.seed(7)
s <- matrix(rnorm(200 * 3), 200)
s <- cbind(s, s[, 1] + s[, 2])
Rsing <- cor(s)
out$singular <- list(cor = mat(Rsing), smc = unname(suppressMessages(smc(Rsing))),
                     pinv = mat(Pinv(Rsing)))

# Mis-keyed: bfi agreeableness with A1 left unreversed -> negative first-PC loading.
a <- bfi[, 1:5]
pa <- principal(cor(a, use = "pairwise"), 1, rotate = "none")
out$miskeyed <- list(cor = mat(cor(a, use = "pairwise")),
                     loadings = as.vector(pa$loadings),
                     negative = I(which(as.vector(pa$loadings) < 0) - 1))

# A Heywood case: psych's optimiser stops at the bound psi = 0.005 for item 1.
Rh <- matrix(c(1, .9, .8, .7, .9, 1, .75, .4, .8, .75, 1, .5, .7, .4, .5, 1), 4)
fh <- suppressWarnings(suppressMessages(fa(Rh, 1, fm = "minres", rotate = "none")))
oh <- suppressWarnings(suppressMessages(omega(Rh, nfactors = 1, plot = FALSE)))
out$heywood <- list(cor = mat(Rh), loadings = as.vector(fh$loadings),
                    uniquenesses = as.vector(oh$schmid$sl[, "u2"]), total = oh$omega.tot)

# A non-positive-definite "correlation" matrix (as pairwise deletion can produce): every
# smc exceeds 1 and is clamped, minres starts at the lower bound.
Rn <- matrix(c(1, .8, .7, .1, .8, 1, .2, .6, .7, .2, 1, .6, .1, .6, .6, 1), 4)
colnames(Rn) <- rownames(Rn) <- paste0("V", 1:4)
fn <- suppressWarnings(suppressMessages(fa(Rn, 1, fm = "minres", rotate = "none")))
on <- suppressWarnings(suppressMessages(omega(Rn, nfactors = 1, plot = FALSE)))
sn <- suppressMessages(splitHalf(Rn, check.keys = FALSE))
out$nonPositiveDefinite <- list(cor = mat(Rn), smc = unname(suppressMessages(smc(Rn))),
                                loadings = as.vector(fn$loadings), total = on$omega.tot,
                                maxrb = sn$maxrb, lambda6 = sn$lambda6, lambda2 = sn$lambda2)

# Larger k: psych splitHalf enumerates up to 16 items (count <= 10000).
d16 <- x[, c(scales$agreeableness, scales$conscientiousness, scales$extraversion, "O1")]
R16 <- cov2cor(cov(d16, use = "pairwise"))
sh16 <- splitHalf(R16, check.keys = FALSE, raw = TRUE)
out$sixteen <- list(cov2cor = mat(R16), maxrb = sh16$maxrb, minrb = sh16$minrb,
                    meanr = sh16$meanr, count = length(sh16$raw),
                    lambda2 = sh16$lambda2, lambda6 = sh16$lambda6)

# omega_h (Schmid-Leiman, oblimin) with psych's defaults. A WAI-like synthetic set: 12 items,
# general factor plus goal / task / bond group factors (items 1-4, 5-8, 9-12), 1..7 scale,
# 2% missing.
set.seed(12)
nw <- 500
gen <- rnorm(nw); grp <- matrix(rnorm(nw * 3), nw)
wai <- sapply(1:12, function(j) {
  f <- (j - 1) %/% 4 + 1
  z <- 0.6 * gen + 0.45 * grp[, f] + sqrt(1 - 0.6^2 - 0.45^2) * rnorm(nw)
  as.numeric(cut(z, c(-Inf, -1.5, -0.9, -0.3, 0.3, 0.9, 1.5, Inf)))
})
wai[matrix(runif(nw * 12) < 0.02, nw)] <- NA
colnames(wai) <- paste0("w", 1:12)
hier <- list(
  wai3 = list(x = as.data.frame(wai), m = 3),
  bfiACE3 = list(x = x[, c(scales$agreeableness, scales$conscientiousness, scales$extraversion)], m = 3),
  bfi5 = list(x = x, m = 5),
  bfiAC2 = list(x = x[, c(scales$agreeableness, scales$conscientiousness)], m = 2))
out$hierarchical <- lapply(hier, function(h) {
  Rh <- cor(h$x, use = "pairwise")
  o <- suppressWarnings(suppressMessages(omega(Rh, nfactors = h$m, plot = FALSE)))
  list(cor = mat(Rh), factors = h$m, omegaH = o$omega_h, omegaTotal = o$omega.tot,
       omegaLimit = o$omega.lim, general = as.vector(o$schmid$sl[, "g"]),
       key = as.vector(o$key), h2 = as.vector(o$schmid$sl[, "h2"]),
       groupTotal = unname(o$omega.group$total), groupGeneral = unname(o$omega.group$general),
       groupGroup = unname(o$omega.group$group))
})

here <- tryCatch(dirname(sys.frame(1)$ofile), error = function(e) NULL)
if (is.null(here)) {
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  here <- if (length(f)) dirname(f) else "."
}
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = FALSE),
           file.path(here, "omega-reference.json"))
