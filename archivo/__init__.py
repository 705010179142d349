"""El archivo: almacén de contenido inmutable direccionado por sha256, documentos de cada
expediente, sellado con manifiesto encadenado, verificación de integridad, búsqueda,
exportación foliada y préstamos.

Depende del dominio compartido (`expedientes`); nunca modifica un documento sellado.
"""

# El índice de búsqueda registra sus tablas y se engancha al flush de toda sesión: quien use los
# modelos del archivo no puede dejarlo atrasado.
from archivo import indice  # noqa: F401
