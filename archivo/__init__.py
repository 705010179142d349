"""El archivo: almacén de contenido inmutable direccionado por sha256, documentos de cada
expediente, sellado con manifiesto encadenado, verificación de integridad, búsqueda,
exportación foliada y préstamos.

Depende del dominio compartido (`expedientes`); nunca modifica un documento sellado.
"""
