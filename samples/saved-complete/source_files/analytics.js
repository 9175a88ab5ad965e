window.dataLayer=window.dataLayer||[];
