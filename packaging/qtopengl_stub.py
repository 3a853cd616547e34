"""Stand-in for ``PySide6.QtOpenGL`` in the frozen app: the binding is 8.9 MB, and unused.

pyqtgraph imports ``PySide6.QtOpenGL`` when it starts (``Qt/OpenGLHelpers.py``,
``graphicsItems/PlotCurveItem.py``, ``PColorMeshItem.py``), but touches it only to draw with
OpenGL, which it does only when OpenGL is switched on (``pg.setConfigOptions(useOpenGL=True)``,
``GraphicsView(useOpenGL=True)``) - Touchstone never does (tests/packaging/test_packaging_trim.py
checks tracker/). So the frozen app gets this empty module instead of the binding
(``packaging/touchstone.spec``); the self-test's dashboard views prove pyqtgraph starts and draws.
``PySide6.QtOpenGLWidgets`` (0.1 MB) and Qt's own OpenGL libraries stay.

Any use of a name from it fails at once, saying why.
"""


def __getattr__(name: str):
    raise AttributeError(
        f"module 'PySide6.QtOpenGL' has no attribute {name!r}: Touchstone's frozen build leaves "
        "the QtOpenGL binding out (packaging/qtopengl_stub.py), so pyqtgraph cannot draw with "
        "OpenGL"
    )
