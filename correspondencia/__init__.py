"""Correspondencia entrante y saliente: fuentes (IMAP, carpeta de entrada, papel escaneado),
análisis MIME, números de registro `CE-AAAA-NNNNNN`, vínculo con patrono y expediente,
asignación, plazos en días hábiles, respuestas e hilos.

Depende del dominio compartido (`expedientes`); no genera documentos por su cuenta: pide a
`plantillas` por sus funciones de servicio públicas.
"""
