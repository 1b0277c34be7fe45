"""The report: charts, the map and the network, the HTML, the editions' strings (i18n),
and the build that runs the notebooks into one self-contained page.
"""
