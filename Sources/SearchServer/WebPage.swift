enum WebPage { static let html = "<!doctype html><title>Loupe</title>" }
